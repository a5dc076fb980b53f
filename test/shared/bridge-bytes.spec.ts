/**
 * Bytes across the bridge (shim/bridge/byteText.ts): the SWF's form (escape() of the bytes read as UTF-16LE) and the
 * page's (x-user-defined text) carry every byte value, lone surrogates and zero bytes included; malformed text from
 * a SWF is refused, never read half.
 */
import { Amf3Bytes, encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { bytesFromSwfText, swfTextOf } from "../../shim/bridge/byteText.js";
import { argumentsIn, valueOut } from "../../shim/bridge/marshal.js";
import { PlayerContext } from "../../shim/bridge/PlayerContext.js";

/** What the injected Bridge does in AS3: FF FE + bytes (+ 0 when odd) → toString() → escape(). */
function swfSide(bytes: Uint8Array): string {
  let units = "";
  for (let i = 0; i < bytes.length; i += 2) units += String.fromCharCode(bytes[i]! | ((bytes[i + 1] ?? 0) << 8));
  return escape(units);
}

/** What `writeMultiByte(text, "x-user-defined")` does in the SWF. */
function xUserDefined(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x80 ? code : code - 0xf700;
  });
}

function randomBytes(length: number, seed: number): Uint8Array {
  let state = seed;
  return Uint8Array.from({ length }, () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) & 0xff);
}

describe("bytes across the bridge", () => {
  it("carry every byte value both ways, odd lengths, zeros and lone surrogates (D800–DFFF units) included", () => {
    const all = Uint8Array.from({ length: 512 }, (_, i) => (i < 256 ? i : 255 - (i - 256)));
    const surrogates = new Uint8Array([0x00, 0xd8, 0x41, 0x00, 0xff, 0xdf, 0x00]);
    for (const bytes of [new Uint8Array(0), new Uint8Array([0]), all, surrogates, randomBytes(65537, 7)]) {
      expect(bytesFromSwfText(swfSide(bytes), bytes.length)).toEqual(bytes);
      expect(xUserDefined(swfTextOf(bytes))).toEqual(bytes);
    }
  });

  it("refuse what is not the SWF's form: wrong types, a count that does not fit the text", () => {
    expect(bytesFromSwfText(42, 1)).toBeNull();
    expect(bytesFromSwfText("%u4142", "2")).toBeNull();
    expect(bytesFromSwfText("%u4142", -1)).toBeNull();
    expect(bytesFromSwfText("%u4142", 1.5)).toBeNull();
    expect(bytesFromSwfText("%u4142", 3)).toBeNull();
    expect(bytesFromSwfText("%u4142", 0)).toBeNull();
    expect(bytesFromSwfText("%u4142", 1)).toEqual(new Uint8Array([0x42]));
  });

  it("never throw on random text (fuzz)", () => {
    for (let round = 0; round < 2000; round++) {
      const bytes = randomBytes(round % 40, round);
      const text = Array.from(bytes, (b) => "%u0123456789abcdefXYZ"[b % 21]).join("");
      const result = bytesFromSwfText(text, bytes[0] ?? 0);
      if (result !== null) expect(result.length).toBe(bytes[0] ?? 0);
    }
  });

  it("become Amf3Bytes on the page and go back to the SWF as x-user-defined text; malformed ones are a TypeError", () => {
    const context = new PlayerContext("token", 10);
    const bytes = encodeAmf3({ when: new Date(3), nan: NaN });
    const [payload] = argumentsIn(context, [{ __amf3: swfSide(bytes), n: bytes.length }]);
    expect(payload).toEqual(new Amf3Bytes(bytes));
    expect(valueOut(context, { message: payload })).toEqual({ message: { __amf3: swfTextOf(bytes) } });
    expect(() => argumentsIn(context, [{ __amf3: swfSide(bytes), n: bytes.length + 5 }])).toThrowError(globalThis.TypeError, /malformed AMF3/);
    expect(() => argumentsIn(context, [{ __amf3: 7 }])).toThrowError(globalThis.TypeError, /malformed AMF3/);
  });
});
