/** decodeGroupspec / encodeGroupspec: what they read, what they reject, and where. */
import malformed from "../../fixtures/vectors/groupspec-malformed.json" with { type: "json" };
import { decodeGroupspec, encodeGroupspec, GroupspecError, GroupSpecifier, type GroupspecOptions } from "../../as3-api/index.js";

const PEER = "0123456789abcdef".repeat(4);

describe("decodeGroupspec", () => {
  it("reads every option of a groupspec", () => {
    const spec = new GroupSpecifier("lan", 18);
    spec.postingEnabled = true;
    spec.routingEnabled = true;
    spec.ipMulticastMemberUpdatesEnabled = true;
    spec.setPostingPassword("secret", "pepper");
    spec.setPublishPassword("pub");
    spec.addIPMulticastAddress("[ff03::1]:30000", null, "fe80::1");
    spec.addIPMulticastAddress("225.225.0.1", 30303);
    spec.addBootstrapPeer(PEER);
    const decoded = decodeGroupspec(spec.toString());
    expect(decoded).toEqual({
      version: 2,
      routingEnabled: true,
      multicastEnabled: false,
      objectReplicationEnabled: false,
      postingEnabled: true,
      publishPasswordHash: { salt: "", hash: jasmine.stringMatching(/^[0-9a-f]{64}$/) as unknown as string },
      postingPasswordHash: { salt: "706570706572", hash: jasmine.stringMatching(/^[0-9a-f]{64}$/) as unknown as string },
      serverChannelEnabled: false,
      peerToPeerDisabled: false,
      name: "lan",
      uniqueTag: null,
      ipMulticastMemberUpdatesEnabled: true,
      ipMulticastAddresses: [
        { address: "ff03::1", port: 30000, source: "fe80::1" },
        { address: "225.225.0.1", port: 30303, source: null },
      ],
      bootstrapPeers: [PEER],
      publishAuthorization: "pub",
      postingAuthorization: "secret",
    });
    expect(encodeGroupspec(decoded)).toBe(spec.toString());
  });

  it("accepts appended options in any order after the identity part and writes them back in GroupSpecifier's order", () => {
    const spec = new GroupSpecifier("chat");
    spec.postingEnabled = true;
    const appended = spec.toString() + GroupSpecifier.encodePostingAuthorization("pw") + GroupSpecifier.encodeBootstrapPeerIDSpec(PEER);
    const decoded = decodeGroupspec(appended);
    expect(decoded.postingAuthorization).toBe("pw");
    expect(decoded.bootstrapPeers).toEqual([PEER]);
    expect(encodeGroupspec(decoded)).toBe(spec.toString() + GroupSpecifier.encodeBootstrapPeerIDSpec(PEER) + GroupSpecifier.encodePostingAuthorization("pw"));
  });

  it("reads an empty appended authorization", () => {
    const text = `${new GroupSpecifier("g").toString()}0117`;
    expect(decodeGroupspec(text).postingAuthorization).toBe("");
    expect(encodeGroupspec(decodeGroupspec(text))).toBe(text);
  });

  it("rejects what is not a string", () => {
    for (const value of [null, undefined, 42, {}, ["G:"]]) {
      expect(() => decodeGroupspec(value)).toThrowMatching((error) => error instanceof GroupspecError && error.offset === -1);
    }
  });

  it("rejects strings longer than the limit", () => {
    const long = new GroupSpecifier("a".repeat(40000)).toString();
    expect(() => decodeGroupspec(long)).toThrowError(GroupspecError, /longer than 65536 characters/);
    expect(decodeGroupspec(long, { maxLength: 100000 }).name.length).toBe(40000);
  });

  for (const vector of malformed.cases) {
    it(`rejects ${vector.case} at byte ${vector.offset}`, () => {
      let thrown: unknown = null;
      try {
        decodeGroupspec(vector.groupspec);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GroupspecError);
      const error = thrown as GroupspecError;
      expect(error.offset).withContext(error.message).toBe(vector.offset);
      // charOffset names the byte's first hex digit, or the exact digit at fault when the text is not hex.
      if (vector.offset >= 0) expect(error.charOffset - (2 + 2 * vector.offset)).toBeLessThanOrEqual(1);
      if (vector.offset >= 0) expect(error.charOffset).toBeGreaterThanOrEqual(2 + 2 * vector.offset);
      expect(error.message).toContain(error.reason);
    });
  }
});

describe("encodeGroupspec", () => {
  const base: GroupspecOptions = decodeGroupspec("G:080e6d7947726f757000");

  it("rejects an empty name and a version below 1", () => {
    expect(() => encodeGroupspec({ ...base, name: "" })).toThrowError(TypeError, /name/);
    expect(() => encodeGroupspec({ ...base, version: 0 })).toThrowError(TypeError, /version/);
  });

  it("rejects malformed hex fields", () => {
    expect(() => encodeGroupspec({ ...base, bootstrapPeers: ["xyz"] })).toThrowError(TypeError, /bootstrap peer/);
    expect(() => encodeGroupspec({ ...base, uniqueTag: "00" })).toThrowError(TypeError, /unique tag/);
    expect(() => encodeGroupspec({ ...base, postingPasswordHash: { salt: "0", hash: "00".repeat(32) } })).toThrowError(TypeError, /password hash/);
  });
});
