/**
 * shim/swf: containers in every compression, ABC read/write byte for byte, the rewrite pass on the fixtures, and
 * bad input passed through untouched. Reads the committed fixture SWFs and the packed proxies.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readAbc, stringAt, writeAbc } from "../../shim/swf/abc.js";
import { doAbcTag, readDoAbc, readSwf, TagCode, writeSwf } from "../../shim/swf/container.js";
import { definedClasses, moveClasses } from "../../shim/swf/redirect.js";
import { REDIRECTS } from "../../shim/bridge/classes/index.js";
import { rewriteSwf, TOKEN_PLACEHOLDER } from "../../shim/swf/rewrite.js";

const ROOT = process.cwd();
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(join(ROOT, path)));
const PROXIES = read("shim/proxies/flashmesh-proxies.abc");
const CASES = readdirSync(join(ROOT, "fixtures"), { withFileTypes: true })
  // Every folder with a committed case.swf (haxe-support, replication-support, vectors and compression hold none).
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, "fixtures", entry.name, "case.swf")))
  .map((entry) => entry.name);
const TOKEN = "flashmesh-token-0123456789abcdef0123456789abcdef";

function abcBlocks(bytes: Uint8Array): Uint8Array[] {
  return readSwf(bytes)
    .tags.filter((tag) => tag.code === TagCode.doAbc || tag.code === TagCode.doAbc1)
    .map((tag) => readDoAbc(tag).abc);
}

/** Every `package::Name` an ABC block references by QName. */
function qnamesOf(block: Uint8Array): Set<string> {
  const found = new Set<string>();
  const abc = readAbc(block);
  for (const multiname of abc.pool.multinames) {
    if (multiname.kind !== 0x07) continue;
    const ns = abc.pool.namespaces[multiname.ns - 1];
    if (ns?.kind === 0x16) found.add(`${stringAt(abc.pool, ns.name)}::${stringAt(abc.pool, multiname.name)}`);
  }
  return found;
}

/** The names (any namespace) of an ABC block's multinames: what its code calls and defines members by. */
function memberNamesOf(block: Uint8Array): string[] {
  const abc = readAbc(block);
  return abc.pool.multinames.flatMap((multiname) => ("name" in multiname && multiname.name !== 0 ? [stringAt(abc.pool, multiname.name)] : []));
}

/** The same for all of a SWF's blocks. */
function qnames(bytes: Uint8Array): Set<string> {
  return new Set(abcBlocks(bytes).flatMap((block) => [...qnamesOf(block)]));
}

describe("SWF containers and ABC", () => {
  it("finds the fixtures", () => {
    expect(CASES).toContain("connect-and-join");
    expect(CASES).toContain("no-p2p");
  });

  it("writes every ABC block of every fixture, and the proxies, back byte for byte", () => {
    for (const name of CASES) {
      for (const block of abcBlocks(read(`fixtures/${name}/case.swf`))) expect(writeAbc(readAbc(block))).withContext(name).toEqual(block);
    }
    expect(writeAbc(readAbc(PROXIES))).toEqual(PROXIES);
  });

  it("reads the same tags from FWS, CWS and ZWS (LZMA) files", () => {
    for (const name of ["no-p2p", "connect-and-join"]) {
      const cws = readSwf(read(`fixtures/${name}/case.swf`));
      for (const other of [`fixtures/compression/${name}.fws.swf`, `fixtures/compression/${name}.zws.swf`]) {
        const swf = readSwf(read(other));
        expect(swf.version).toBe(cws.version);
        expect(swf.tags.map((tag) => [tag.code, Array.from(tag.body)])).withContext(other).toEqual(cws.tags.map((tag) => [tag.code, Array.from(tag.body)]));
      }
      expect(readSwf(writeSwf(cws)).tags.length).toBe(cws.tags.length);
    }
    expect(readSwf(read("fixtures/compression/no-p2p.zws.swf")).compression).toBe("lzma");
  });

  it("writes an uncompressed SWF back exactly as it was", () => {
    const fws = read("fixtures/compression/connect-and-join.fws.swf");
    expect(writeSwf(readSwf(fws))).toEqual(fws);
  });
});

describe("moving classes in an ABC", () => {
  it("rewrites QNames and the namespace sets of Multinames that can find the class, nothing else", () => {
    const abc = readAbc(abcBlocks(read("fixtures/no-p2p/case.swf"))[0]!);
    const pool = abc.pool;
    const text = (t: string): number => (pool.strings.push(new TextEncoder().encode(t)), pool.strings.length);
    const ns = (name: string): number => (pool.namespaces.push({ kind: 0x16, name: text(name) }), pool.namespaces.length);
    const flashNet = ns("flash.net");
    const flashEvents = ns("flash.events");
    pool.nsSets.push([flashEvents, flashNet]);
    const set = pool.nsSets.length;
    const netGroup = text("NetGroup");
    const urlRequest = text("URLRequest");
    pool.multinames.push({ kind: 0x07, ns: flashNet, name: netGroup }, { kind: 0x09, name: netGroup, nsSet: set }, { kind: 0x09, name: urlRequest, nsSet: set }, { kind: 0x07, ns: flashNet, name: urlRequest });
    const base = pool.multinames.length - 4;
    const changed = moveClasses(abc, new Map([["flash.net::NetGroup", "flashmesh"]]));
    expect(changed).toBe(2);
    const again = readAbc(writeAbc(abc));
    const nsName = (index: number): string => stringAt(again.pool, again.pool.namespaces[index - 1]!.name);
    const [qname, multiname, other, otherQName] = again.pool.multinames.slice(base) as unknown as [{ ns: number }, { nsSet: number }, { nsSet: number }, { ns: number }];
    expect(nsName(qname.ns)).toBe("flashmesh");
    expect(again.pool.nsSets[multiname.nsSet - 1]!.map(nsName)).toEqual(["flash.events", "flashmesh"]);
    expect(other.nsSet).toBe(set); // URLRequest still finds flash.net
    expect(nsName(otherQName.ns)).toBe("flash.net");
  });
});

describe("the rewrite pass", () => {
  it("passes a SWF without P2P references through as the very same bytes", () => {
    for (const path of ["fixtures/no-p2p/case.swf", "fixtures/compression/no-p2p.zws.swf", "fixtures/compression/no-p2p.fws.swf"]) {
      const input = read(path);
      const outcome = rewriteSwf(input, PROXIES, TOKEN, REDIRECTS);
      expect(outcome.rewritten).withContext(path).toBeFalse();
      expect(outcome.bytes).toBe(input);
      if (!outcome.rewritten) expect(outcome.reason).toBe("no reference to the flash.net P2P classes");
    }
  });

  it("redirects every P2P class reference to flashmesh and injects the classes first, with the player's token", () => {
    for (const name of CASES.filter((n) => n !== "no-p2p")) {
      const input = read(`fixtures/${name}/case.swf`);
      const before = qnames(input);
      const outcome = rewriteSwf(input, PROXIES, TOKEN, REDIRECTS);
      expect(outcome.rewritten).withContext(name).toBeTrue();
      const after = qnames(outcome.bytes);
      // The SWF's own blocks (all but the injected first one) no longer name a flash.net P2P class.
      const ownBlocks = abcBlocks(outcome.bytes).slice(1);
      // Followers (Video) too: every case here is rewritten, so they move with the others.
      for (const qualified of [...REDIRECTS.classes, ...REDIRECTS.followers.keys()]) {
        if (!before.has(qualified)) continue;
        const cls = qualified.slice(qualified.indexOf("::") + 2);
        expect(after).withContext(`${name} ${cls}`).toContain(`flashmesh::${cls}`);
        for (const block of ownBlocks) expect(qnamesOf(block)).withContext(`${name} ${cls}`).not.toContain(qualified);
      }
      const tags = readSwf(outcome.bytes).tags;
      const firstAbc = tags.findIndex((tag) => tag.code === TagCode.doAbc || tag.code === TagCode.doAbc1);
      const injected = readDoAbc(tags[firstAbc]!);
      expect(injected.name).toBe("flashmesh");
      expect(injected.flags).toBe(1);
      const abc = readAbc(injected.abc);
      const strings = abc.pool.strings.map((_, i) => stringAt(abc.pool, i + 1));
      expect(strings).toContain(TOKEN);
      expect(strings).not.toContain(TOKEN_PLACEHOLDER);
      expect(definedClasses(abc)).toContain("flashmesh::NetGroup");
    }
  });

  it("redirects class names in strings (getDefinitionByName) and nothing that merely contains one", () => {
    const swf = readSwf(read("fixtures/no-p2p/case.swf"));
    const tag = swf.tags.find((t) => t.code === TagCode.doAbc)!;
    const { flags, name, abc: bytes } = readDoAbc(tag);
    const abc = readAbc(bytes);
    const texts = ["flash.net.NetGroup", "flash.net::GroupSpecifier", "flash.net.NetGroup is great", "flash.net.URLLoader"];
    for (const text of texts) abc.pool.strings.push(new TextEncoder().encode(text));
    swf.tags[swf.tags.indexOf(tag)] = doAbcTag(flags, name, writeAbc(abc));
    const outcome = rewriteSwf(writeSwf(swf), PROXIES, TOKEN, REDIRECTS);
    expect(outcome.rewritten).toBeTrue();
    const own = readAbc(abcBlocks(outcome.bytes)[1]!);
    const strings = own.pool.strings.map((_, i) => stringAt(own.pool, i + 1));
    expect(strings).toContain("flashmesh.NetGroup");
    expect(strings).toContain("flashmesh::GroupSpecifier");
    expect(strings).toContain("flash.net.NetGroup is great");
    expect(strings).toContain("flash.net.URLLoader");
    expect(strings).not.toContain("flash.net.NetGroup");
  });

  it("leaves a SWF it already rewrote alone (a page may hand Ruffle bytes that came through flashmesh's fetch)", () => {
    const once = rewriteSwf(read("fixtures/routing/case.swf"), PROXIES, TOKEN, REDIRECTS);
    const twice = rewriteSwf(once.bytes, PROXIES, TOKEN, REDIRECTS);
    expect(twice.rewritten).toBeFalse();
    expect(twice.bytes).toBe(once.bytes);
    if (!twice.rewritten) expect(twice.reason).toBe("already rewritten by flashmesh");
  });

  it("rewrites an LZMA SWF too (every rewritten SWF is written uncompressed)", () => {
    const outcome = rewriteSwf(read("fixtures/compression/connect-and-join.zws.swf"), PROXIES, TOKEN, REDIRECTS);
    expect(outcome.rewritten).toBeTrue();
    expect(String.fromCharCode(...outcome.bytes.subarray(0, 3))).toBe("FWS");
  });

  it("never throws, and hands back malformed or non-AS3 input unchanged with the reason", () => {
    const good = read("fixtures/connect-and-join/case.swf");
    const fws = read("fixtures/compression/connect-and-join.fws.swf");
    const avm1 = fws.slice();
    // FileAttributes is the first tag after the frame header: clear its ActionScript 3 flag.
    const headerEnd = 8 + Math.ceil((5 + 4 * (fws[8]! >>> 3)) / 8) + 4;
    avm1[headerEnd + 2] = avm1[headerEnd + 2]! & ~0x08;
    const cases: [string, Uint8Array, RegExp][] = [
      ["empty", new Uint8Array(0), /not a readable SWF: not a SWF/],
      ["text", new TextEncoder().encode("<html>not found</html>"), /not a SWF/],
      ["truncated", good.subarray(0, good.length - 40), /zlib|truncated|ends/],
      ["truncated FWS", fws.subarray(0, 200), /its header says/],
      ["corrupt zlib", Uint8Array.of(...good.subarray(0, 8), 0x78, 0x9c, 0xff, 0xff, 0xff, 0xff), /zlib/],
      ["ActionScript 2", avm1, /ActionScript 1\/2/],
    ];
    for (const [what, bytes, reason] of cases) {
      const outcome = rewriteSwf(bytes, PROXIES, TOKEN, REDIRECTS);
      expect(outcome.rewritten).withContext(what).toBeFalse();
      expect(outcome.bytes).withContext(what).toBe(bytes);
      if (!outcome.rewritten) expect(outcome.reason).withContext(what).toMatch(reason);
    }
  });
});

describe("the rewrite pass and flash.media (docs/media.md)", () => {
  /** fixtures/no-p2p with QNames of `flash.media` classes added to its pool. */
  function withMediaNames(...names: string[]): Uint8Array {
    const swf = readSwf(read("fixtures/no-p2p/case.swf"));
    const tag = swf.tags.find((t) => t.code === TagCode.doAbc)!;
    const { flags, name, abc: bytes } = readDoAbc(tag);
    const abc = readAbc(bytes);
    abc.pool.strings.push(new TextEncoder().encode("flash.media"));
    abc.pool.namespaces.push({ kind: 0x16, name: abc.pool.strings.length });
    const ns = abc.pool.namespaces.length;
    for (const cls of names) {
      abc.pool.strings.push(new TextEncoder().encode(cls));
      abc.pool.multinames.push({ kind: 0x07, ns, name: abc.pool.strings.length });
    }
    swf.tags[swf.tags.indexOf(tag)] = doAbcTag(flags, name, writeAbc(abc));
    return writeSwf(swf);
  }

  it("passes a SWF whose only media class is Video through untouched (Ruffle keeps playing its FLVs)", () => {
    const input = withMediaNames("Video");
    const outcome = rewriteSwf(input, PROXIES, TOKEN, REDIRECTS);
    expect(outcome.rewritten).toBeFalse();
    expect(outcome.bytes).toBe(input);
  });

  it("redirects Camera and Microphone, and then Video too", () => {
    for (const device of ["Camera", "Microphone"]) {
      const outcome = rewriteSwf(withMediaNames(device, "Video"), PROXIES, TOKEN, REDIRECTS);
      expect(outcome.rewritten).withContext(device).toBeTrue();
      const own = qnamesOf(abcBlocks(outcome.bytes)[1]!);
      expect(own).toContain(`flashmesh::${device}`);
      expect(own).toContain("flashmesh::Video");
      expect(own).not.toContain(`flash.media::${device}`);
      expect(own).not.toContain("flash.media::Video");
    }
  });

  it("renames the SWF's attachCamera/attachAudio member names to the proxies' own methods, leaving strings alone", () => {
    const input = read("fixtures/camera-preview/case.swf");
    expect(abcBlocks(input).flatMap(memberNamesOf)).toContain("attachCamera");
    const outcome = rewriteSwf(input, PROXIES, TOKEN, REDIRECTS);
    expect(outcome.rewritten).toBeTrue();
    const own = abcBlocks(outcome.bytes).slice(1).flatMap(memberNamesOf);
    expect(own).toContain("__fmAttachCamera");
    expect(own).not.toContain("attachCamera");
    expect(qnames(outcome.bytes)).toContain("flashmesh::Camera");
  });

  it("points a Flash 11 publisher's H264VideoStreamSettings at the stand-in and its videoStreamSettings at the proxy's member", () => {
    const input = read("fixtures/h264-settings/case.swf");
    expect(abcBlocks(input).flatMap(memberNamesOf)).toContain("videoStreamSettings");
    const outcome = rewriteSwf(input, PROXIES, TOKEN, REDIRECTS);
    expect(outcome.rewritten).toBeTrue();
    const own = abcBlocks(outcome.bytes).slice(1);
    expect(own.flatMap(memberNamesOf)).toContain("__fmVideoStreamSettings");
    expect(own.flatMap(memberNamesOf)).not.toContain("videoStreamSettings");
    expect(own.flatMap((block) => [...qnamesOf(block)])).toContain("flashmesh::H264VideoStreamSettings");
    expect(own.flatMap((block) => [...qnamesOf(block)])).not.toContain("flash.media::H264VideoStreamSettings");
  });

  it("injects classes that name nothing Ruffle hides from SWF version 10 (one missing class fails every proxy): no VideoStreamSettings", () => {
    // Ruffle declares flash.media::VideoStreamSettings for SWF version 13 and later only; a proxy that extended it
    // (or named it) made Ruffle refuse the whole injected ABC in a version-10 SWF.
    expect(qnamesOf(PROXIES)).not.toContain("flash.media::VideoStreamSettings");
    expect(qnamesOf(PROXIES)).not.toContain("flash.media::H264VideoStreamSettings");
  });
});
