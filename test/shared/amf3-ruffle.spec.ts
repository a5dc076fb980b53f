/**
 * The bytes Ruffle 0.6's `ByteArray.writeObject` (objectEncoding 3) produced for each value kind, recorded by the
 * probe described in docs/shim.md: flashmesh's codec reads every one (so a SWF's message is checked and understood by
 * TypeScript peers), and writes the same bytes for the values both sides write alike (so the messageID agrees).
 */
import { decodeAmf3, encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { bytesToHex, hexToBytes } from "../../as3-api/wire/bytes.js";

const RUFFLE: readonly [kind: string, hex: string, value: unknown, sameBytes: boolean][] = [
  ["class instance (public var a, read-write accessor acc; read-only and private left out)", "0a23010361076163630401060378", { a: 1, acc: "x" }, false],
  ["registerClassAlias type fm.Typed", "0a1311666d2e547970656403760407", { v: 7 }, false],
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
  ["XML (its toXMLString text)", "0b2b3c6120623d2231223e0a20203c632f3e0a3c2f613e", '<a b="1">\n  <c/>\n</a>', false],
  ["Dictionary", "11050006036b04010a0b01036e0401010402", new Map<unknown, unknown>([["k", 1], [{ n: 1 }, 2]]), true],
  ["Vector.<int>", "0d050000000001fffffffe", [1, -2], false],
  ["Vector.<uint>", "0e050000000001ee6b2800", [1, 4000000000], false],
  ["Vector.<Number>", "0f05003ff8000000000000fff8000000000000", [1.5, NaN], false],
  ["Vector.<String> (Ruffle writes no element type name)", "10050001060361060362", ["a", "b"], false],
  ["Vector.<Object>", "100500010a0b01036104010101", [{ a: 1 }, null], false],
  ["a shared object twice (Ruffle writes it twice, not a reference)", "0a0b0103780a01036e04010103790a010204010101", { x: { n: 1 }, y: { n: 1 } }, true],
  ["String", "060d68c3a96c6c6f", "héllo", true],
  ["true", "03", true, true],
  ["empty object", "0a0b0101", {}, true],
];

describe("AMF3 as Ruffle 0.6 writes it", () => {
  for (const [kind, hex, value, sameBytes] of RUFFLE) {
    it(`reads ${kind}${sameBytes ? " and writes the same bytes" : ""}`, () => {
      expect(decodeAmf3(hexToBytes(hex)!)).toEqual(value as never);
      if (sameBytes) expect(bytesToHex(encodeAmf3(value))).toBe(hex);
    });
  }

  it("reads the sparse Array Ruffle writes as a dense part and string keys", () => {
    const array = decodeAmf3(hexToBytes("0903033506036601060361")!) as unknown[];
    expect(array.length).toBe(6);
    expect(array[0]).toBe("a");
    expect(array[5]).toBe("f");
    expect(1 in array).toBeFalse();
  });
});
