/**
 * AMF3 constants and the codec's error and limits, shared by the writer and the reader.
 * @see https://www.adobe.com/content/dam/acom/en/devnet/pdf/amf-file-format-spec.pdf
 */
/** Why bytes could not be decoded (or a value encoded); `offset` is the byte at fault (-1 when encoding). */
export class AmfError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(offset >= 0 ? `AMF3 at byte ${offset}: ${message}` : `AMF3: ${message}`);
    this.name = "AmfError";
  }
}

/** Decode limits: what a peer can make us allocate. */
export interface AmfLimits {
  /** Nesting depth of arrays and objects. Default 64. */
  readonly maxDepth: number;
  /** Elements of one array or members of one object. Default 65,536. */
  readonly maxItems: number;
}

export const DEFAULT_AMF_LIMITS: AmfLimits = Object.freeze({ maxDepth: 64, maxItems: 65536 });

/** Type markers, the first byte of every value. */
export const Marker = {
  Undefined: 0x00,
  Null: 0x01,
  False: 0x02,
  True: 0x03,
  Integer: 0x04,
  Double: 0x05,
  String: 0x06,
  XmlDoc: 0x07,
  Date: 0x08,
  Array: 0x09,
  Object: 0x0a,
  Xml: 0x0b,
  ByteArray: 0x0c,
  VectorInt: 0x0d,
  VectorUint: 0x0e,
  VectorDouble: 0x0f,
  VectorObject: 0x10,
  Dictionary: 0x11,
} as const;

export const INT_MIN = -(2 ** 28);
export const INT_MAX = 2 ** 28 - 1;
export const U29_MAX = 2 ** 29 - 1;
/** Traits of an anonymous dynamic object with no sealed members: inline object, inline traits, dynamic. */
export const ANONYMOUS_DYNAMIC_TRAITS = 0x0b;


/**
 * The traits of a typed object (an instance of a SWF's class: sealed members, its registerClassAlias name) or of a
 * Vector, kept on the decoded JavaScript value under this symbol (not enumerable), so writing the value again gives
 * the same bytes and a SWF reading it gets its class (or its Vector type) back.
 */
export const AMF3_TRAITS: unique symbol = Symbol.for("flashmesh.amf3.traits") as never;

/** Traits of a typed object: its alias ("" when the class has none), sealed member names in order, dynamic or not. */
export interface Amf3ObjectTraits {
  readonly className: string;
  readonly sealed: readonly string[];
  readonly dynamic: boolean;
}

/** What makes an Array a Vector: its marker (VectorInt…VectorObject), fixed length, element type name (object vectors). */
export interface Amf3VectorTraits {
  readonly vector: number;
  readonly fixed: boolean;
  readonly typeName: string;
}

/** An XML value (marker 0x0b; 0x07 for a legacy XMLDocument): its text. */
export class Amf3Xml {
  constructor(
    readonly text: string,
    readonly document = false,
  ) {}

  toString(): string {
    return this.text;
  }
}

/** `members` as an instance of the SWF class registered under `className` (registerClassAlias), all members sealed. */
export function amf3Typed<T extends object>(className: string, members: T): T {
  Object.defineProperty(members, AMF3_TRAITS, { value: { className, sealed: Object.keys(members), dynamic: false } satisfies Amf3ObjectTraits });
  return members;
}

/** `items` as an AS3 Vector of `vector` (Marker.VectorInt…VectorObject), e.g. `amf3Vector(Marker.VectorInt, [1, 2])`. */
export function amf3Vector<T extends unknown[]>(vector: number, items: T, typeName = ""): T {
  Object.defineProperty(items, AMF3_TRAITS, { value: { vector, fixed: false, typeName } satisfies Amf3VectorTraits });
  return items;
}
