/** GroupRegistry: membership and bootstrap selection on the group address ring. */
import { convertPeerIDToGroupAddress } from "../../as3-api/index.js";
import { GroupRegistry } from "../../server/groups.js";
import { createRandom } from "../support/random.js";

function peerIds(count: number, seed: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Array.from(random.bytes(32), (byte) => byte.toString(16).padStart(2, "0")).join(""));
}

describe("GroupRegistry", () => {
  it("returns everyone while the group is small, nobody twice and never the joiner", () => {
    const registry = new GroupRegistry();
    const ids = peerIds(5, 1);
    ids.forEach((id, i) => {
      const { members, memberCount } = registry.join("g", id, true, 8);
      expect(new Set(members)).toEqual(new Set(ids.slice(0, i)));
      expect(memberCount).toBe(i + 1);
    });
    expect(registry.join("g", ids[2]!, true, 8).members).not.toContain(ids[2]!);
    expect(registry.memberCount("g")).toBe(5);
  });

  it("picks half the bootstrap set from the joiner's ring neighbourhood", () => {
    const registry = new GroupRegistry(createRandom(7).next);
    const ids = peerIds(200, 2);
    for (const id of ids.slice(0, 199)) registry.join("g", id, true, 8);
    const joiner = ids[199]!;
    const { members } = registry.join("g", joiner, true, 8);
    expect(members.length).toBe(8);
    expect(new Set(members).size).toBe(8);
    const ring = ids.slice(0, 199).map((id) => convertPeerIDToGroupAddress(id)).sort();
    const own = convertPeerIDToGroupAddress(joiner);
    const at = ring.findIndex((address) => address > own);
    const around = [-2, -1, 0, 1].map((offset) => ring[(at + offset + ring.length) % ring.length]);
    const chosen = members.map((id) => convertPeerIDToGroupAddress(id));
    for (const address of around) expect(chosen).toContain(address!);
  });

  it("forgets a member on leave and a group once empty", () => {
    const registry = new GroupRegistry();
    const [a, b] = peerIds(2, 3) as [string, string];
    registry.join("g", a, true, 8);
    registry.join("g", b, false, 8);
    registry.leave("g", a);
    expect(registry.memberCount("g")).toBe(1);
    expect(registry.join("g", a, true, 8).members).toEqual([]); // b is server-only
    registry.leave("g", a);
    registry.leave("g", b);
    expect(registry.groups.has("g")).toBeFalse();
    registry.leave("g", b); // leaving twice is harmless
  });

  it("moves a member between peer-to-peer and server-only on re-join", () => {
    const registry = new GroupRegistry();
    const [a, b] = peerIds(2, 4) as [string, string];
    registry.join("g", a, true, 8);
    registry.join("g", a, false, 8);
    expect(registry.join("g", b, true, 8).members).toEqual([]);
    registry.join("g", a, true, 8);
    expect(registry.join("g", b, true, 8).members).toEqual([a]);
  });
});
