/**
 * as3-api/flash/net/messageValues.ts: a message is a JavaScript value or a SWF's own AMF3 bytes, decided in one
 * place; relay arguments travel as AMF3 through the server's JSON, and a relay whose arguments do not decode is
 * dropped and counted, never delivered with an argument missing.
 */
import { deliveredMessage, messageBytes, plainValue, receiveMessagesAsBytes, relayArgumentsIn, relayArgumentsOut, undecodableRelays } from "../../as3-api/flash/net/messageValues.js";
import { Amf3Bytes, AmfError, encodeAmf3 } from "../../as3-api/wire/amf3.js";

describe("message values", () => {
  it("take a payload's bytes as they are and serialize anything else", () => {
    const bytes = encodeAmf3({ text: "hi", when: new Date(5) });
    expect(messageBytes(new Amf3Bytes(bytes))).toBe(bytes);
    expect(messageBytes({ text: "hi", when: new Date(5) })).toEqual(bytes);
  });

  it("refuse a payload that does not decode (every receiver would drop it)", () => {
    expect(() => messageBytes(new Amf3Bytes(new Uint8Array([0x0a, 0x07])))).toThrowError(AmfError);
    expect(() => plainValue(new Amf3Bytes(new Uint8Array([0x06])))).toThrowError(AmfError);
  });

  it("deliver bytes to raw receivers and values to everyone else", () => {
    const raw = {};
    const plain = {};
    receiveMessagesAsBytes(raw);
    const bytes = encodeAmf3([1, 2]);
    expect(deliveredMessage(raw, bytes, [1, 2])).toEqual(new Amf3Bytes(bytes));
    expect(deliveredMessage(plain, bytes, [1, 2])).toEqual([1, 2]);
  });

  it("carry relay arguments as AMF3 and read them back, NaN and Dates included", () => {
    const out = relayArgumentsOut([NaN, new Date(7), { a: [1, "x"] }]);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out); // what the server's JSON carries
    const back = relayArgumentsIn({}, out)!;
    expect(back[0]).toBeNaN();
    expect(back[1]).toEqual(new Date(7));
    expect(back[2]).toEqual({ a: [1, "x"] });
    expect(relayArgumentsIn({}, ["plain", 3])).toEqual(["plain", 3]);
  });

  it("drop and count a relay whose AMF3 does not decode", () => {
    const before = undecodableRelays.count;
    expect(relayArgumentsIn({}, ["fine", { amf3: "not base64!" }])).toBeNull();
    expect(relayArgumentsIn({}, [{ amf3: btoa("\x0a\x07") }])).toBeNull();
    expect(undecodableRelays.count).toBe(before + 2);
  });
});
