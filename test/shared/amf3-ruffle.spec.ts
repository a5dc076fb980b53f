/**
 * The bytes Ruffle 0.6's `ByteArray.writeObject` (objectEncoding 3) produced for each value kind, recorded by the
 * probe described in docs/shim.md: flashmesh's codec reads every one (so a SWF's message is checked and understood by
 * TypeScript peers) and writes what it read back as the same bytes (one codec, the same bytes both ways: a
 * TypeScript peer that forwards a SWF's value computes the same messageID). Values written from scratch in
 * TypeScript give those bytes too where JavaScript has the kind (typed objects and Vectors through amf3Typed and
 * amf3Vector).
 */
import { AMF3_TRAITS, Amf3Xml, amf3Typed, amf3Vector, decodeAmf3, encodeAmf3, Marker } from "../../as3-api/wire/amf3.js";
import { bytesToHex, hexToBytes } from "../../as3-api/wire/bytes.js";

const RUFFLE: readonly [kind: string, hex: string, value: unknown, sameBytes: boolean][] = [
  ["class instance (public var a, read-write accessor acc; read-only and private left out)", "0a23010361076163630401060378", { a: 1, acc: "x" }, false],
  ["registerClassAlias type fm.Typed", "0a1311666d2e547970656403760407", amf3Typed("fm.Typed", { v: 7 }), true],
  ["NaN", "05fff8000000000000", NaN, true],
  ["Infinity", "057ff0000000000000", Infinity, true],
  ["-Infinity", "05fff0000000000000", -Infinity, true],
  ["-0", "058000000000000000", -0, true],
  ["undefined", "00", undefined, true],
  ["null", "01", null, true],
  ["int 5", "0405", 5, true],
  ["int -1", "04ffffffff", -1, true],
  ["2^28 (beyond AMF3's int)", "0541b0000000000000", 268435456, true],
  ["uint 4000000000", "0541edcd6500000000", 4000000000, true],
  ["Number 1.5", "053ff8000000000000", 1.5, true],
  ["Date(1000)", "0801408f400000000000", new Date(1000), true],
  ["ByteArray", "0c070100ff", new Uint8Array([1, 0, 255]), true],
  ["XML (its toXMLString text)", "0b2b3c6120623d2231223e0a20203c632f3e0a3c2f613e", new Amf3Xml('<a b="1">\n  <c/>\n</a>'), true],
  ["Dictionary", "11050006036b04010a0b01036e0401010402", new Map<unknown, unknown>([["k", 1], [{ n: 1 }, 2]]), true],
  ["Vector.<int>", "0d050000000001fffffffe", amf3Vector(Marker.VectorInt, [1, -2]), true],
  ["Vector.<uint>", "0e050000000001ee6b2800", amf3Vector(Marker.VectorUint, [1, 4000000000]), true],
  ["Vector.<Number>", "0f05003ff8000000000000fff8000000000000", amf3Vector(Marker.VectorDouble, [1.5, NaN]), true],
  ["Vector.<String> (Ruffle writes no element type name)", "10050001060361060362", amf3Vector(Marker.VectorObject, ["a", "b"]), true],
  ["Vector.<Object>", "100500010a0b01036104010101", amf3Vector(Marker.VectorObject, [{ a: 1 }, null]), true],
  ["a shared object twice (Ruffle writes it twice, not a reference)", "0a0b0103780a01036e04010103790a010204010101", { x: { n: 1 }, y: { n: 1 } }, true],
  ["String", "060d68c3a96c6c6f", "héllo", true],
  ["true", "03", true, true],
  ["empty object", "0a0b0101", {}, true],
];

describe("AMF3 as Ruffle 0.6 writes it", () => {
  for (const [kind, hex, value, sameBytes] of RUFFLE) {
    it(`reads ${kind} and writes it back as the same bytes${sameBytes ? "; so does the value made in TypeScript" : ""}`, () => {
      const decoded = decodeAmf3(hexToBytes(hex)!);
      // Map keys compare by identity: compare a Dictionary's entries.
      if (value instanceof Map) expect([...(decoded as Map<unknown, unknown>)]).toEqual([...value]);
      else expect(decoded).toEqual(value as never);
      expect(bytesToHex(encodeAmf3(decoded))).toBe(hex);
      if (sameBytes) expect(bytesToHex(encodeAmf3(value))).toBe(hex);
    });
  }

  it("keeps a typed object's class and sealed members, and a Vector's type, on the decoded value", () => {
    const typed = decodeAmf3(hexToBytes("0a1311666d2e547970656403760407")!) as Record<symbol, unknown>;
    expect(typed[AMF3_TRAITS]).toEqual({ className: "fm.Typed", dynamic: false, sealed: ["v"] });
    const vector = decodeAmf3(hexToBytes("0d050000000001fffffffe")!) as unknown as Record<symbol, unknown>;
    expect(vector[AMF3_TRAITS]).toEqual({ vector: Marker.VectorInt, fixed: false, typeName: "" });
  });

  it("reads the sparse Array Ruffle writes as a dense part and string keys", () => {
    const array = decodeAmf3(hexToBytes("0903033506036601060361")!) as unknown[];
    expect(array.length).toBe(6);
    expect(array[0]).toBe("a");
    expect(array[5]).toBe("f");
    expect(1 in array).toBeFalse();
    expect(bytesToHex(encodeAmf3(array))).toBe("0903033506036601060361");
  });
});
