/** Group IDs (reference §3.4) and group addresses (§3.5), from fixtures/vectors/identity.json. */
import vectors from "../../fixtures/vectors/identity.json" with { type: "json" };
import { convertPeerIDToGroupAddress, GroupspecError, groupIdOf, isPeerID } from "../../as3-api/index.js";

describe("groupIdOf", () => {
  for (const vector of vectors.groupIds) {
    if ("groupId" in vector) {
      it(`hashes ${vector.groupspec}`, () => {
        expect(groupIdOf(vector.groupspec)).toBe(vector.groupId!);
      });
    } else {
      it(`leaves authorizations, bootstrap peers and addresses out of ${vector.groupspec.slice(0, 40)}…`, () => {
        expect(groupIdOf(vector.groupspec)).toBe(groupIdOf(vector.sameGroupAs!));
      });
    }
  }

  it("tells groups with different names or options apart", () => {
    expect(groupIdOf("G:080e6d7947726f757000")).not.toBe(groupIdOf("G:030e616200"));
    expect(groupIdOf("G:080e6d7947726f757000")).not.toBe(groupIdOf("G:0103080e6d7947726f757000"));
  });

  it("rejects a malformed groupspec with GroupspecError", () => {
    expect(() => groupIdOf("G:080e")).toThrowError(GroupspecError);
  });
});

describe("convertPeerIDToGroupAddress", () => {
  for (const vector of vectors.groupAddresses) {
    it(`maps ${vector.peerID.slice(0, 16)}…`, () => {
      expect(convertPeerIDToGroupAddress(vector.peerID)).toBe(vector.groupAddress);
    });
  }

  it("rejects what is not a peer ID", () => {
    expect(() => convertPeerIDToGroupAddress("abc")).toThrowError(TypeError, /not a peer ID/);
  });
});

describe("isPeerID", () => {
  it("accepts 64 hex digits in either case and nothing else", () => {
    expect(isPeerID("ab".repeat(32))).toBeTrue();
    expect(isPeerID("AB".repeat(32))).toBeTrue();
    for (const value of ["ab".repeat(31), "ab".repeat(33), "xy".repeat(32), 42, null, ` ${"ab".repeat(32)}`]) {
      expect(isPeerID(value)).withContext(String(value)).toBeFalse();
    }
  });
});
