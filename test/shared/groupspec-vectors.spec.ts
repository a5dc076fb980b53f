/** Every GroupSpecifier vector of the reference (§3.2), from fixtures/vectors/groupspec.json, in Node and Chromium. */
import vectors from "../../fixtures/vectors/groupspec.json" with { type: "json" };
import { decodeGroupspec, encodeGroupspec, FlashError, GroupSpecifier } from "../../as3-api/index.js";

type Step = [kind: "set" | "call", member: string, value: unknown];
type Args = unknown[];

function build(name: string | null, swfVersion: number, steps: readonly Step[]): GroupSpecifier {
  const spec = new GroupSpecifier(name as string, swfVersion);
  const members = spec as unknown as Record<string, unknown>;
  for (const [kind, member, value] of steps) {
    if (kind === "set") members[member] = value;
    else (members[member] as (...args: Args) => void).apply(spec, value as Args);
  }
  return spec;
}

function callStatic(call: string, args: readonly unknown[]): unknown {
  return (GroupSpecifier as unknown as Record<string, (...args: Args) => unknown>)[call]!(...args);
}

describe("GroupSpecifier vectors (reference §3.2)", () => {
  for (const vector of vectors.groupSpecifier) {
    describe(vector.case, () => {
      const make = (): GroupSpecifier => build(vector.name, vector.swfVersion, vector.steps as Step[]);
      const expectedWith = "withAuthorizations" in vector ? vector.withAuthorizations : vector.withoutAuthorizations;
      const expectedAuthorizations = "authorizations" in vector ? vector.authorizations : "";

      if ("withoutAuthorizations" in vector) {
        it("writes groupspecWithoutAuthorizations() byte for byte", () => {
          expect(make().groupspecWithoutAuthorizations()).toBe(vector.withoutAuthorizations!);
        });
      }
      it("writes groupspecWithAuthorizations(), toString() and authorizations()", () => {
        const spec = make();
        expect(spec.groupspecWithAuthorizations()).toBe(expectedWith!);
        expect(spec.toString()).toBe(expectedWith!);
        expect(String(spec)).toBe(expectedWith!);
        expect(spec.authorizations()).toBe(expectedAuthorizations);
      });
      it("decodes and re-encodes to the same string", () => {
        expect(encodeGroupspec(decodeGroupspec(expectedWith))).toBe(expectedWith!);
      });
    });
  }

  describe("static encoders", () => {
    for (const vector of vectors.statics) {
      it(`${vector.call}(${vector.args.map((arg) => JSON.stringify(arg)).join(", ")})`, () => {
        expect(callStatic(vector.call, vector.args)).toBe(vector.expect);
      });
    }
  });

  describe("errors", () => {
    for (const vector of vectors.errors) {
      it(`${vector.case} throws ${vector.throws}`, () => {
        let thrown: unknown = null;
        try {
          if ("construct" in vector) new GroupSpecifier(vector.construct![0] as string);
          else callStatic(vector.call!, vector.args!);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(FlashError);
        const error = thrown as FlashError;
        expect(error.name).toBe(vector.throws);
        if ("message" in vector) expect(error.message).toBe(vector.message!);
        if ("errorID" in vector) expect(error.errorID).toBe(vector.errorID!);
        expect(error.toString()).toBe(`${vector.throws}: ${error.message}`);
      });
    }
  });
});

describe("GroupSpecifier members", () => {
  it("defaults every capability to false and P2P to allowed", () => {
    const spec = new GroupSpecifier("g");
    expect([spec.routingEnabled, spec.multicastEnabled, spec.objectReplicationEnabled, spec.postingEnabled]).toEqual([false, false, false, false]);
    expect([spec.serverChannelEnabled, spec.peerToPeerDisabled, spec.ipMulticastMemberUpdatesEnabled]).toEqual([false, false, false]);
  });

  it("takes the default minGroupspecVersion from the SWF version", () => {
    expect(new GroupSpecifier("g", 17).minGroupspecVersion).toBe(1);
    expect(new GroupSpecifier("g", 18).minGroupspecVersion).toBe(2);
    const previous = GroupSpecifier.defaultSwfVersion;
    try {
      GroupSpecifier.defaultSwfVersion = 20;
      expect(new GroupSpecifier("g").minGroupspecVersion).toBe(2);
    } finally {
      GroupSpecifier.defaultSwfVersion = previous;
    }
    expect(GroupSpecifier.maxSupportedGroupspecVersion).toBe(2);
  });

  it("makeUnique adds one 32-byte tag, replaced by a second call", () => {
    const spec = new GroupSpecifier("g");
    spec.makeUnique();
    const first = spec.toString();
    spec.makeUnique();
    const second = spec.toString();
    for (const text of [first, second]) {
      expect(text).toMatch(/^G:020e67210e[0-9a-f]{64}00$/);
      expect(decodeGroupspec(text).uniqueTag).toBe(text.slice(12, 76));
    }
    expect(first).not.toBe(second);
  });

  it("appends bootstrap peers and multicast addresses in call order", () => {
    const spec = new GroupSpecifier("g");
    spec.addBootstrapPeer("AB".repeat(32));
    spec.addBootstrapPeer("cd".repeat(32));
    spec.addIPMulticastAddress("224.0.0.254", 30000);
    expect(spec.toString()).toBe(`G:020e6700070ae00000fe7530210b${"ab".repeat(32)}210b${"cd".repeat(32)}`);
  });
});
