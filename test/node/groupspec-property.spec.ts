/** Property: any GroupSpecifier settings produce a string that decodes to those settings and re-encodes to itself. */
import { decodeGroupspec, encodeGroupspec, GroupSpecifier } from "../../as3-api/index.js";
import { createRandom, type Random } from "../support/random.js";

const CASES = 3000;

function randomText(random: Random, maxLength: number): string {
  const pools = ["abcdefghijklmnopqrstuvwxyz", "ABC/-_ .:", "éü日本語", "😀"];
  let out = "";
  const length = 1 + random.int(maxLength);
  for (let i = 0; i < length; i++) {
    const pool = [...random.pick(pools)];
    out += random.pick(pool);
  }
  return out;
}

function randomIPv6(random: Random): string {
  const groups = Array.from({ length: 8 }, () => (random.chance(0.4) ? 0 : random.int(0x10000)).toString(16));
  return groups.join(":");
}

/** An address as comparable text: IPv4 as given, IPv6 as its 16 bytes in hex (so `0:0:…` and `::` compare equal). */
function canonicalAddress(text: string): string {
  if (!text.includes(":")) return text;
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const left = head === "" ? [] : head!.split(":");
  const right = tail === null || tail === "" ? [] : tail.split(":");
  const groups = tail === null ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((group) => Number.parseInt(group, 16).toString(16).padStart(4, "0")).join("");
}

const canonicalEntry = (entry: { address: string; port: number; source: string | null }): string =>
  `${canonicalAddress(entry.address)} port ${entry.port} source ${entry.source === null ? "none" : canonicalAddress(entry.source)}`;

describe("GroupSpecifier ↔ decodeGroupspec property", () => {
  it(`round-trips ${CASES} random settings`, () => {
    const random = createRandom();
    const failures: string[] = [];
    for (let i = 0; i < CASES && failures.length < 3; i++) {
      const name = randomText(random, random.chance(0.05) ? 300 : 20);
      const spec = new GroupSpecifier(name, random.pick([9, 10, 17, 18, 30]));
      if (random.chance(0.2)) spec.minGroupspecVersion = random.int(200);
      const flags = ["routingEnabled", "multicastEnabled", "objectReplicationEnabled", "postingEnabled", "serverChannelEnabled", "peerToPeerDisabled", "ipMulticastMemberUpdatesEnabled"] as const;
      for (const flag of flags) spec[flag] = random.chance(0.5);
      const posting = random.chance(0.3) ? randomText(random, 12) : null;
      const publish = random.chance(0.3) ? randomText(random, 12) : null;
      const postingSalt = random.chance(0.5) ? randomText(random, 8) : null;
      if (posting !== null) spec.setPostingPassword(posting, postingSalt);
      if (publish !== null) spec.setPublishPassword(publish);
      if (random.chance(0.2)) spec.makeUnique();
      const addresses: { address: string; port: number; source: string | null }[] = [];
      for (let k = random.int(3); k > 0; k--) {
        const v6 = random.chance(0.5);
        const address = v6 ? randomIPv6(random) : Array.from({ length: 4 }, () => random.int(256)).join(".");
        const source = random.chance(0.3) ? (v6 ? randomIPv6(random) : Array.from({ length: 4 }, () => random.int(256)).join(".")) : null;
        const port = random.int(65536);
        spec.addIPMulticastAddress(address, port, source);
        addresses.push({ address, port, source });
      }
      const peers: string[] = [];
      for (let k = random.int(3); k > 0; k--) {
        const peer = Array.from(random.bytes(32), (byte) => byte.toString(16).padStart(2, "0")).join("");
        spec.addBootstrapPeer(peer);
        peers.push(peer);
      }

      const text = spec.toString();
      const decoded = decodeGroupspec(text);
      const context = `seed ${random.seed}, case ${i}: ${text.slice(0, 120)}`;
      if (encodeGroupspec(decoded) !== text) failures.push(`re-encode differs: ${context}`);
      const expected = {
        version: spec.minGroupspecVersion,
        name,
        postingAuthorization: posting,
        publishAuthorization: publish,
        bootstrapPeers: peers,
        flags: flags.map((flag) => spec[flag]),
        // Every address in order, IPv4 and IPv6, with its port and its source-specific source (or none).
        addresses: addresses.map(canonicalEntry),
      };
      const actual = {
        version: decoded.version,
        name: decoded.name,
        postingAuthorization: decoded.postingAuthorization,
        publishAuthorization: decoded.publishAuthorization,
        bootstrapPeers: decoded.bootstrapPeers,
        flags: flags.map((flag) => decoded[flag]),
        addresses: decoded.ipMulticastAddresses.map(canonicalEntry),
      };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) failures.push(`decoded ${JSON.stringify(actual)} != ${JSON.stringify(expected)}: ${context}`);
      if ((decoded.postingPasswordHash === null) !== (posting === null)) failures.push(`posting hash presence: ${context}`);
      if (text !== spec.groupspecWithoutAuthorizations() + spec.authorizations()) failures.push(`toString != without + authorizations: ${context}`);
    }
    expect(failures).withContext(`seed ${random.seed} (replay with FLASHMESH_SEED=${random.seed})`).toEqual([]);
  });
});
