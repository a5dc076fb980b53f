/**
 * AMF3, the serialization Flash uses for NetGroup messages (reference §1.2: "the messageID is the hexadecimal of the
 * SHA256 of the raw bytes of the serialization of the message"). flashmesh carries every post, routed message and
 * replicated object in it, so anything a SWF can put in a message round-trips: undefined, null, booleans, int,
 * Number, String, Date, Array (dense and associative parts), anonymous objects, ByteArray (as Uint8Array), and
 * shared or cyclic references. Encoding is deterministic: the same value (same key insertion order) always gives the
 * same bytes, so every member computes the same messageID.
 * @see https://www.adobe.com/content/dam/acom/en/devnet/pdf/amf-file-format-spec.pdf
 */
import { utf8Bytes, utf8Text } from "./bytes.js";

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

const enum Marker {
  Undefined = 0x00,
  Null = 0x01,
  False = 0x02,
  True = 0x03,
  Integer = 0x04,
  Double = 0x05,
  String = 0x06,
  XmlDoc = 0x07,
  Date = 0x08,
  Array = 0x09,
  Object = 0x0a,
  Xml = 0x0b,
  ByteArray = 0x0c,
  VectorInt = 0x0d,
  VectorUint = 0x0e,
  VectorDouble = 0x0f,
  VectorObject = 0x10,
}

const INT_MIN = -(2 ** 28);
const INT_MAX = 2 ** 28 - 1;
const U29_MAX = 2 ** 29 - 1;
/** Traits of an anonymous dynamic object with no sealed members: inline object, inline traits, dynamic. */
const ANONYMOUS_DYNAMIC_TRAITS = 0x0b;

/** Serializes `value` to AMF3. Throws AmfError for what AMF cannot hold (functions, symbols, bigints). */
export function encodeAmf3(value: unknown): Uint8Array {
  const writer = new AmfWriter();
  writer.value(value, 0);
  return writer.finish();
}

/** Reads one AMF3 value that must fill `bytes` exactly. */
export function decodeAmf3(bytes: Uint8Array, limits: AmfLimits = DEFAULT_AMF_LIMITS): unknown {
  const reader = new AmfReader(bytes, limits);
  const value = reader.value(0);
  if (reader.offset !== bytes.length) throw new AmfError(`${bytes.length - reader.offset} bytes after the value`, reader.offset);
  return value;
}

class AmfWriter {
  #buffer = new Uint8Array(256);
  #length = 0;
  readonly #strings = new Map<string, number>();
  readonly #objects = new Map<object, number>();
  #anonymousTraits = -1;
  #traitCount = 0;
  readonly #scratch = new DataView(new ArrayBuffer(8));

  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }

  value(value: unknown, depth: number): void {
    if (depth > DEFAULT_AMF_LIMITS.maxDepth) throw new AmfError(`nested deeper than ${DEFAULT_AMF_LIMITS.maxDepth}`, -1);
    switch (typeof value) {
      case "undefined":
        return this.#byte(Marker.Undefined);
      case "boolean":
        return this.#byte(value ? Marker.True : Marker.False);
      case "number":
        if (Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX && !Object.is(value, -0)) {
          this.#byte(Marker.Integer);
          return this.#u29(value & U29_MAX);
        }
        this.#byte(Marker.Double);
        return this.#double(value);
      case "string":
        this.#byte(Marker.String);
        return this.#string(value);
      case "object":
        if (value === null) return this.#byte(Marker.Null);
        return this.#object(value, depth);
      default:
        throw new AmfError(`cannot serialize a ${typeof value}`, -1);
    }
  }

  #object(value: object, depth: number): void {
    const marker = value instanceof Date ? Marker.Date : Array.isArray(value) ? Marker.Array : value instanceof Uint8Array || value instanceof ArrayBuffer ? Marker.ByteArray : Marker.Object;
    this.#byte(marker);
    const seen = this.#objects.get(value);
    if (seen !== undefined) return this.#u29(seen << 1); // a reference keeps shared and cyclic structure
    this.#objects.set(value, this.#objects.size);
    if (value instanceof Date) {
      this.#u29(1);
      return this.#double(value.getTime());
    }
    if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
      this.#u29((bytes.length << 1) | 1);
      return this.#bytes(bytes);
    }
    if (Array.isArray(value)) {
      this.#u29((value.length << 1) | 1);
      for (const key of Object.keys(value)) {
        if (!isIndex(key, value.length)) {
          this.#string(key);
          this.value((value as unknown as Record<string, unknown>)[key], depth + 1);
        }
      }
      this.#string("");
      for (let i = 0; i < value.length; i++) this.value(value[i], depth + 1);
      return;
    }
    if (this.#anonymousTraits >= 0) this.#u29((this.#anonymousTraits << 2) | 1);
    else {
      this.#anonymousTraits = this.#traitCount++;
      this.#u29(ANONYMOUS_DYNAMIC_TRAITS);
      this.#string(""); // anonymous class
    }
    for (const [key, member] of Object.entries(value)) {
      if (key === "") continue; // the empty name ends the member list; AS3 objects cannot have it either
      this.#string(key);
      this.value(member, depth + 1);
    }
    this.#string("");
  }

  #string(text: string): void {
    if (text === "") return this.#u29(1);
    const seen = this.#strings.get(text);
    if (seen !== undefined) return this.#u29(seen << 1);
    this.#strings.set(text, this.#strings.size);
    const bytes = utf8Bytes(text);
    if (bytes.length > INT_MAX) throw new AmfError("string longer than 2^28 bytes", -1);
    this.#u29((bytes.length << 1) | 1);
    this.#bytes(bytes);
  }

  #u29(value: number): void {
    if (value < 0x80) this.#byte(value);
    else if (value < 0x4000) this.#byte((value >> 7) | 0x80), this.#byte(value & 0x7f);
    else if (value < 0x200000) this.#byte((value >> 14) | 0x80), this.#byte(((value >> 7) & 0x7f) | 0x80), this.#byte(value & 0x7f);
    else if (value <= U29_MAX) this.#byte((value >> 22) | 0x80), this.#byte(((value >> 15) & 0x7f) | 0x80), this.#byte(((value >> 8) & 0x7f) | 0x80), this.#byte(value & 0xff);
    else throw new AmfError(`length ${value} does not fit AMF3`, -1);
  }

  #double(value: number): void {
    this.#scratch.setFloat64(0, value);
    this.#bytes(new Uint8Array(this.#scratch.buffer));
  }

  #byte(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
  }

  #bytes(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(this.#buffer.length * 2, this.#length + extra));
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}

function isIndex(key: string, length: number): boolean {
  const index = Number(key);
  return Number.isInteger(index) && index >= 0 && index < length && String(index) === key;
}

interface Traits {
  readonly dynamic: boolean;
  readonly sealed: readonly string[];
}

class AmfReader {
  offset = 0;
  readonly #strings: string[] = [];
  readonly #objects: unknown[] = [];
  readonly #traits: Traits[] = [];
  readonly #view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: AmfLimits,
  ) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  value(depth: number): unknown {
    if (depth > this.limits.maxDepth) throw new AmfError(`nested deeper than ${this.limits.maxDepth}`, this.offset);
    const at = this.offset;
    const marker = this.#byte();
    switch (marker) {
      case Marker.Undefined: return undefined;
      case Marker.Null: return null;
      case Marker.False: return false;
      case Marker.True: return true;
      case Marker.Integer: {
        const raw = this.#u29();
        return raw > INT_MAX ? raw - 2 ** 29 : raw;
      }
      case Marker.Double: return this.#double();
      case Marker.String: return this.#string();
      case Marker.XmlDoc:
      case Marker.Xml: {
        const header = this.#u29();
        if ((header & 1) === 0) return this.#reference(header >> 1, at);
        const text = this.#utf8(header >> 1);
        this.#objects.push(text);
        return text;
      }
      case Marker.Date: {
        const header = this.#u29();
        if ((header & 1) === 0) return this.#reference(header >> 1, at);
        const date = new Date(this.#double());
        this.#objects.push(date);
        return date;
      }
      case Marker.Array: return this.#array(depth, at);
      case Marker.Object: return this.#object(depth, at);
      case Marker.ByteArray: {
        const header = this.#u29();
        if ((header & 1) === 0) return this.#reference(header >> 1, at);
        const bytes = this.#take(header >> 1).slice();
        this.#objects.push(bytes);
        return bytes;
      }
      case Marker.VectorInt:
      case Marker.VectorUint:
      case Marker.VectorDouble:
      case Marker.VectorObject: return this.#vector(marker, depth, at);
      default: throw new AmfError(`unsupported marker 0x${marker.toString(16)}`, at);
    }
  }

  #array(depth: number, at: number): unknown {
    const header = this.#u29();
    if ((header & 1) === 0) return this.#reference(header >> 1, at);
    const length = this.#count(header >> 1, at);
    const array: unknown[] = [];
    this.#objects.push(array);
    for (let key = this.#string(), n = 0; key !== ""; key = this.#string()) {
      if (++n > this.limits.maxItems) throw new AmfError(`more than ${this.limits.maxItems} members`, this.offset);
      define(array as unknown as Record<string, unknown>, key, this.value(depth + 1));
    }
    for (let i = 0; i < length; i++) array[i] = this.value(depth + 1);
    return array;
  }

  #object(depth: number, at: number): unknown {
    const header = this.#u29();
    if ((header & 1) === 0) return this.#reference(header >> 1, at);
    let traits: Traits;
    if ((header & 2) === 0) {
      traits = this.#traits[header >> 2] ?? fail(`traits reference ${header >> 2} out of range`, at);
    } else {
      if ((header & 4) !== 0) throw new AmfError("externalizable objects are not supported", at);
      this.#string(); // class name: flashmesh delivers plain objects
      const count = this.#count(header >> 4, at);
      const sealed: string[] = [];
      for (let i = 0; i < count; i++) sealed.push(this.#string());
      traits = { dynamic: (header & 8) !== 0, sealed };
      this.#traits.push(traits);
    }
    const object: Record<string, unknown> = {};
    this.#objects.push(object);
    for (const name of traits.sealed) define(object, name, this.value(depth + 1));
    if (traits.dynamic) {
      for (let key = this.#string(), n = 0; key !== ""; key = this.#string()) {
        if (++n > this.limits.maxItems) throw new AmfError(`more than ${this.limits.maxItems} members`, this.offset);
        define(object, key, this.value(depth + 1));
      }
    }
    return object;
  }

  #vector(marker: number, depth: number, at: number): unknown {
    const header = this.#u29();
    if ((header & 1) === 0) return this.#reference(header >> 1, at);
    const length = this.#count(header >> 1, at);
    this.#byte(); // fixed-length flag
    if (marker === Marker.VectorObject) this.#string(); // element type name
    const items: unknown[] = [];
    this.#objects.push(items);
    for (let i = 0; i < length; i++) {
      if (marker === Marker.VectorInt) items.push(this.#view.getInt32(this.#advance(4)));
      else if (marker === Marker.VectorUint) items.push(this.#view.getUint32(this.#advance(4)));
      else if (marker === Marker.VectorDouble) items.push(this.#double());
      else items.push(this.value(depth + 1));
    }
    return items;
  }

  #string(): string {
    const at = this.offset;
    const header = this.#u29();
    if ((header & 1) === 0) return this.#strings[header >> 1] ?? fail(`string reference ${header >> 1} out of range`, at);
    const text = this.#utf8(header >> 1);
    if (text !== "") this.#strings.push(text);
    return text;
  }

  #utf8(length: number): string {
    const at = this.offset;
    const text = utf8Text(this.#take(length));
    if (text === null) throw new AmfError("string is not UTF-8", at);
    return text;
  }

  #reference(index: number, at: number): unknown {
    if (index >= this.#objects.length) throw new AmfError(`object reference ${index} out of range`, at);
    return this.#objects[index];
  }

  /** A declared element count, checked against the limits and against the bytes left (each takes at least one). */
  #count(count: number, at: number): number {
    if (count > this.limits.maxItems) throw new AmfError(`${count} items exceed the limit of ${this.limits.maxItems}`, at);
    if (count > this.bytes.length - this.offset) throw new AmfError(`${count} items cannot fit in the bytes left`, at);
    return count;
  }

  #u29(): number {
    let value = 0;
    for (let i = 0; i < 3; i++) {
      const byte = this.#byte();
      if ((byte & 0x80) === 0) return (value << 7) | byte;
      value = (value << 7) | (byte & 0x7f);
    }
    return (value << 8) | this.#byte();
  }

  #double(): number {
    return this.#view.getFloat64(this.#advance(8));
  }

  #byte(): number {
    return this.bytes[this.#advance(1)]!;
  }

  #take(length: number): Uint8Array {
    const start = this.#advance(length);
    return this.bytes.subarray(start, start + length);
  }

  /** Moves past `length` bytes, returning where they start; throws when they are not all there. */
  #advance(length: number): number {
    const start = this.offset;
    if (length > this.bytes.length - start) throw new AmfError(`needs ${length} more bytes, ${this.bytes.length - start} left`, start);
    this.offset = start + length;
    return start;
  }
}

/** Sets a member even when it is named `__proto__`, without touching the prototype. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function fail(message: string, offset: number): never {
  throw new AmfError(message, offset);
}
