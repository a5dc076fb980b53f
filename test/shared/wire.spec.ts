/** AMF3 values and group frames: bytes, round trips, determinism and rejection of bad input. */
import { AmfError, decodeAmf3, encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { bytesToHex, hexToBytes } from "../../as3-api/wire/bytes.js";
import { decodeFrame, encodeFrame, FrameError, type Frame } from "../../as3-api/wire/frames.js";

const hex = (value: unknown): string => bytesToHex(encodeAmf3(value));
const bytes = (text: string): Uint8Array => hexToBytes(text)!;

describe("AMF3", () => {
  it("writes the bytes of the AMF3 specification", () => {
    expect(hex(undefined)).toBe("00");
    expect(hex(null)).toBe("01");
    expect(hex(false)).toBe("02");
    expect(hex(true)).toBe("03");
    expect(hex(1)).toBe("0401");
    expect(hex(200)).toBe("048148"); // U29 in two bytes
    expect(hex(-1)).toBe("04ffffffff");
    expect(hex(268435456)).toBe("0541b0000000000000"); // beyond int29: a double
    expect(hex(1.5)).toBe("053ff8000000000000");
    expect(hex("hello")).toBe("060b68656c6c6f");
    expect(hex("")).toBe("0601");
    expect(hex([1, 2])).toBe("0905010401" + "0402");
    expect(hex({})).toBe("0a0b0101");
    expect(hex({ a: 1 })).toBe("0a0b0103610401" + "01");
    expect(hex(new Uint8Array([1, 2]))).toBe("0c050102");
    expect(hex(new Date(0))).toBe("08010000000000000000");
  });

  it("uses string, traits and object references", () => {
    expect(hex(["ab", "ab"])).toBe("0905" + "01" + "0605" + "6162" + "0600");
    expect(hex([{ x: 1 }, { x: 2 }])).toBe("0905" + "01" + "0a0b01" + "0378" + "0401" + "01" + "0a01" + "00" + "0402" + "01");
    const shared = { n: 1 };
    const decoded = decodeAmf3(encodeAmf3([shared, shared])) as unknown[];
    expect(decoded[0]).toBe(decoded[1]);
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic["self"] = cyclic;
    const back = decodeAmf3(encodeAmf3(cyclic)) as Record<string, unknown>;
    expect(back["self"]).toBe(back);
  });

  it("round-trips everything a Flash message can hold", () => {
    const array: unknown[] & { label?: string } = [1, "two", null, undefined, [3]];
    array.label = "assoc";
    const message = {
      sequence: 42,
      user: "é日本",
      text: "hello",
      negative: -268435456,
      big: 2 ** 40,
      fraction: -0.25,
      negativeZero: -0,
      flags: [true, false],
      when: new Date(1_300_000_000_000),
      bytes: new Uint8Array([0, 255, 7]),
      nested: { deeper: { list: array } },
      nothing: null,
      missing: undefined,
    };
    const decoded = decodeAmf3(encodeAmf3(message)) as typeof message;
    expect(decoded).toEqual(message);
    expect(Object.is(decoded.negativeZero, -0)).toBeTrue();
    expect((decoded.nested.deeper.list as typeof array).label).toBe("assoc");
  });

  it("is deterministic: equal values built in different ways give the same, specified bytes", () => {
    // Worked out by hand from the AMF3 specification: a dynamic anonymous object (traits inline, then by
    // reference for the inner one), keys in insertion order, U29 integers, strings with their length.
    const expected = "0a0b01" + "11" + "73657175656e6365" + "0407" + "09" + "74657874" + "0609" + "73616d65" + "09" + "6c697374" + "0905" + "01" + "0401" + "0a01" + "0361" + "060362" + "01" + "01";
    const literal = { sequence: 7, text: "same", list: [1, { a: "b" }] };
    const assigned: Record<string, unknown> = {};
    assigned["sequence"] = 7;
    assigned["text"] = ["sa", "me"].join("");
    const list: unknown[] = [];
    list.push(1, Object.fromEntries([["a", "b"]]));
    assigned["list"] = list;
    const parsed: unknown = JSON.parse('{"sequence":7,"text":"same","list":[1,{"a":"b"}]}');
    expect(hex(literal)).toBe(expected);
    expect(hex(assigned)).toBe(expected);
    expect(hex(parsed)).toBe(expected);
    // Key order is part of the value's bytes (and so of a post's messageID).
    expect(hex({ text: "same", sequence: 7, list: [1, { a: "b" }] })).not.toBe(expected);
  });

  it("refuses what AMF cannot hold", () => {
    expect(() => encodeAmf3(() => 1)).toThrowError(AmfError, /function/);
    expect(() => encodeAmf3(Symbol("s"))).toThrowError(AmfError, /symbol/);
    expect(() => encodeAmf3(10n)).toThrowError(AmfError, /bigint/);
  });

  it("rejects malformed bytes with the offset", () => {
    const cases: [string, RegExp][] = [
      ["", /needs 1 more bytes/],
      ["06", /needs 1 more bytes/],
      ["0607", /needs 3 more bytes/],
      ["040000", /1 bytes after the value/],
      ["0a05", /traits reference 1 out of range/],
      ["0a07", /externalizable/],
      ["0602", /string reference 1 out of range/],
      ["0902", /object reference 1 out of range/],
      ["09ffffffff", /items/],
      ["12", /unsupported marker 0x12/],
      ["0603ff", /not UTF-8/],
    ];
    for (const [input, message] of cases) {
      expect(() => decodeAmf3(bytes(input))).withContext(input).toThrowError(AmfError, message);
    }
  });

  it("enforces depth and item limits", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(() => encodeAmf3(deep)).toThrowError(AmfError, /deeper/);
    expect(() => decodeAmf3(encodeAmf3([[1]]), { maxDepth: 1, maxItems: 10 })).toThrowError(AmfError, /deeper than 1/);
    expect(() => decodeAmf3(encodeAmf3([1, 2, 3]), { maxDepth: 5, maxItems: 2 })).toThrowError(AmfError, /exceed the limit of 2/);
  });

  it("never lets a member named __proto__ change the prototype", () => {
    const decoded = decodeAmf3(bytes("0a0b01" + "13" + "5f5f70726f746f5f5f" + "0a0b01" + "0378" + "0401" + "01" + "01")) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__"]);
  });
});

describe("frames", () => {
  const group = "0123456789abcdef";
  const id = "ab".repeat(32);
  const frames: Frame[] = [
    { type: "join", group, nearest: true, reply: false },
    { type: "join", group, nearest: false, reply: true },
    { type: "leave", group },
    { type: "prune", group },
    { type: "members", group, peers: [id, "cd".repeat(32)] },
    { type: "post", group, messageId: id, hops: 3, direct: false, payload: new Uint8Array([4, 1]) },
    { type: "post", group, messageId: id, hops: 1, direct: true, payload: new Uint8Array([4, 1]) },
    { type: "ihave", group, announcements: [{ messageId: id, hops: 3 }] },
    { type: "graft", group, messageIds: [id, id] },
    { type: "route", group, target: "ef".repeat(32), payload: new Uint8Array([6, 1]) },
    { type: "neighbor", group, payload: new Uint8Array([1]) },
    { type: "ping", group, nonce: 0xdeadbeef },
    { type: "pong", group, nonce: 1 },
    { type: "haveObjects", group, change: "replace", ranges: [[0, 9], [12, 2 ** 53]] },
    { type: "haveObjects", group, change: "remove", ranges: [] },
    { type: "haveObjects", group, change: "fetching", ranges: [[5, 5]] },
    { type: "haveObjects", group, change: "notFetching", ranges: [[5, 5]] },
    { type: "haveObjects", group, change: "served", ranges: [[7, 7]] },
    { type: "requestObject", group, requestId: 0xffffffff, index: 2 ** 53 },
    { type: "object", group, requestId: 7, index: 2 ** 40 + 3, payload: new Uint8Array([6, 3, 0x61]) },
    { type: "denyObject", group, requestId: 1, index: 0 },
  ];

  it("round-trip every type", () => {
    for (const frame of frames) expect(decodeFrame(encodeFrame(frame))).withContext(frame.type).toEqual(frame);
  });

  it("start with version 1, the type and the group tag", () => {
    expect(bytesToHex(encodeFrame({ type: "leave", group }))).toBe("01020123456789abcdef");
  });

  it("reject malformed frames with the offset", () => {
    const cases: [string, number][] = [
      ["01", 1],
      ["02040123456789abcdef", 0],
      ["01630123456789abcdef", 1],
      ["01010123456789abcdef", 10],
      ["01010123456789abcdef08", 10],
      ["01020123456789abcdef00", 10],
      ["01030123456789abcdef01" + "ab", 10],
      ["01030123456789abcdefff", 10],
      ["01040123456789abcdef" + "ab".repeat(32), 10],
      ["010a0123456789abcdef0000", 10],
      ["01300123456789abcdef06" + "0000", 10], // unknown have change
      ["01300123456789abcdef00" + "0001" + "0000000000000002" + "0000000000000001", 13], // range ends before it starts
      ["01310123456789abcdef00000001" + "0020000000000001", 14], // index over 2^53
      ["01330123456789abcdef00000001" + "00000000000000", 10], // deny one byte short
    ];
    for (const [input, offset] of cases) {
      let error: unknown;
      try {
        decodeFrame(bytes(input));
      } catch (caught) {
        error = caught;
      }
      expect(error).withContext(input).toBeInstanceOf(FrameError);
      expect((error as FrameError).offset).withContext(input).toBe(offset);
    }
  });

  it("enforce the size limit", () => {
    const big = encodeFrame({ type: "neighbor", group, payload: new Uint8Array(300 * 1024) });
    expect(() => decodeFrame(big)).toThrowError(FrameError, /exceeds 262144/);
  });
});
