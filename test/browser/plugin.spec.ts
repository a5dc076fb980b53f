/**
 * The ESM plugin API (`installFlashmesh`) as an emulator integration uses it: SWFs fetched on the page are rewritten
 * when they use the P2P classes and streamed through untouched otherwise, and Ruffle is told to allow the
 * ExternalInterface the bridge needs unless the page chose otherwise.
 */
import { resetConfiguration } from "../../as3-api/config.js";
import { installFlashmesh, rewriteSwfForRuffle, type FlashmeshInstallation } from "../../shim/index.js";
import { readSwf, TagCode, readDoAbc } from "../../shim/swf/container.js";

describe("installFlashmesh (ESM plugin API)", () => {
  let installation: FlashmeshInstallation;
  const ruffleGlobal = globalThis as { RufflePlayer?: { config?: Record<string, unknown> } };

  beforeEach(() => {
    delete ruffleGlobal.RufflePlayer;
    installation = installFlashmesh({ server: "http://127.0.0.1:1" });
  });
  afterEach(() => {
    installation.uninstall();
    resetConfiguration(); // the specs share one page and one configuration
  });

  it("allows ExternalInterface in Ruffle's config unless the page set it", () => {
    expect(ruffleGlobal.RufflePlayer!.config!["allowScriptAccess"]).toBeTrue();
    installation.uninstall();
    ruffleGlobal.RufflePlayer = { config: { allowScriptAccess: false } };
    installation = installFlashmesh({});
    expect(ruffleGlobal.RufflePlayer.config!["allowScriptAccess"]).toBeFalse();
  });

  it("rewrites a fetched P2P SWF (with a bridge context for it) and leaves other responses alone", async () => {
    const before = installation.bridge.contexts.size;
    const response = await fetch("/base/fixtures/routing/case.swf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(String.fromCharCode(...bytes.subarray(0, 3))).toBe("FWS");
    expect(response.url).toMatch(/\/base\/fixtures\/routing\/case\.swf$/);
    const injected = readSwf(bytes).tags.filter((tag) => tag.code === TagCode.doAbc).map((tag) => readDoAbc(tag).name);
    expect(injected[0]).toBe("flashmesh");
    expect(installation.bridge.contexts.size).toBe(before + 1);

    const original = new Uint8Array(await (await fetch("/base/fixtures/no-p2p/case.swf")).arrayBuffer());
    expect(String.fromCharCode(...original.subarray(0, 3))).toBe("CWS");
    const json = await (await fetch("/base/fixtures/routing/case.json")).json();
    expect(json.players).toBe(2);
  });

  it("rewrites bytes an integration hands over itself, and returns other bytes unchanged", async () => {
    installation.uninstall(); // the page's own fetch: the bytes arrive as they are on the server
    const swf = new Uint8Array(await (await fetch("/base/fixtures/compression/connect-and-join.fws.swf")).arrayBuffer());
    const outcome = rewriteSwfForRuffle(swf);
    expect(outcome.rewritten).toBeTrue();
    const plain = Uint8Array.of(1, 2, 3);
    const untouched = rewriteSwfForRuffle(plain);
    expect(untouched.rewritten).toBeFalse();
    expect(untouched.bytes).toBe(plain);
    installation = installFlashmesh({});
  });

  it("restores the page's own fetch when uninstalled", () => {
    installation.uninstall();
    const original = globalThis.fetch;
    installation = installFlashmesh({});
    expect(globalThis.fetch).not.toBe(original); // hooked
    installation.uninstall();
    expect(globalThis.fetch).toBe(original); // the very function the page had
    installation = installFlashmesh({});
  });
});
