/**
 * AMF3 writer. Deterministic: the same value (same key insertion order) always gives the same bytes, since a post's
 * messageID is the SHA-256 of them.
 */
import { utf8Bytes } from "../bytes.js";
import { AMF3_TRAITS, Amf3Xml, AmfError, ANONYMOUS_DYNAMIC_TRAITS, DEFAULT_AMF_LIMITS, INT_MAX, INT_MIN, Marker, U29_MAX, type Amf3ObjectTraits, type Amf3VectorTraits } from "./format.js";

/** Writes one AMF3 value, with string, traits and object references. */
export class AmfWriter {
  #buffer = new Uint8Array(256);
  #length = 0;
  readonly #strings = new Map<string, number>();
  readonly #objects = new Map<object, number>();
  /** Traits written so far (key: class name and sealed names) → their index, for traits references. */
  readonly #traits = new Map<string, number>();
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
    const marker =
      value instanceof Date ? Marker.Date
      : value instanceof Amf3Xml ? (value.document ? Marker.XmlDoc : Marker.Xml)
      : Array.isArray(value) ? (vectorTraits(value)?.vector ?? Marker.Array)
      : value instanceof Uint8Array || value instanceof ArrayBuffer ? Marker.ByteArray
      : value instanceof Map ? Marker.Dictionary
      : Marker.Object;
    this.#byte(marker);
    const seen = this.#objects.get(value);
    if (seen !== undefined) return this.#u29(seen << 1); // a reference keeps shared and cyclic structure
    this.#objects.set(value, this.#objects.size);
    if (value instanceof Date) {
      this.#u29(1);
      return this.#double(value.getTime());
    }
    if (value instanceof Amf3Xml) {
      const text = utf8Bytes(value.text);
      this.#u29((text.length << 1) | 1);
      return this.#bytes(text);
    }
    if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
      this.#u29((bytes.length << 1) | 1);
      return this.#bytes(bytes);
    }
    if (value instanceof Map) {
      // A Dictionary, as Flash writes one: count, weak-keys flag (0), then key and value pairs.
      this.#u29((value.size << 1) | 1);
      this.#byte(0);
      for (const [key, item] of value) {
        this.value(key, depth + 1);
        this.value(item, depth + 1);
      }
      return;
    }
    if (Array.isArray(value)) {
      const vector = vectorTraits(value);
      if (vector !== undefined) return this.#vector(value, vector, depth);
      // As Flash writes an Array: the dense part runs up to the first hole; every other key goes by name.
      let dense = 0;
      while (dense < value.length && dense in value) dense++;
      this.#u29((dense << 1) | 1);
      for (const key of Object.keys(value)) {
        if (!isIndex(key, dense)) {
          this.#string(key);
          this.value((value as unknown as Record<string, unknown>)[key], depth + 1);
        }
      }
      this.#string("");
      for (let i = 0; i < dense; i++) this.value(value[i], depth + 1);
      return;
    }
    const traits = (value as { [AMF3_TRAITS]?: Amf3ObjectTraits })[AMF3_TRAITS] ?? ANONYMOUS;
    const key = `${traits.className}\u0000${traits.dynamic ? 1 : 0}\u0000${traits.sealed.join("\u0000")}`;
    const traitsIndex = this.#traits.get(key);
    if (traitsIndex !== undefined) this.#u29((traitsIndex << 2) | 1);
    else {
      this.#traits.set(key, this.#traits.size);
      this.#u29(traits === ANONYMOUS ? ANONYMOUS_DYNAMIC_TRAITS : (traits.sealed.length << 4) | (traits.dynamic ? 8 : 0) | 3);
      this.#string(traits.className);
      for (const name of traits.sealed) this.#string(name);
    }
    const record = value as Record<string, unknown>;
    for (const name of traits.sealed) this.value(record[name], depth + 1);
    if (!traits.dynamic) return;
    for (const [key, member] of Object.entries(value)) {
      if (key === "" || traits.sealed.includes(key)) continue; // the empty name ends the member list; AS3 objects cannot have it either
      this.#string(key);
      this.value(member, depth + 1);
    }
    this.#string("");
  }

  #vector(items: unknown[], traits: Amf3VectorTraits, depth: number): void {
    this.#u29((items.length << 1) | 1);
    this.#byte(traits.fixed ? 1 : 0);
    if (traits.vector === Marker.VectorObject) {
      this.#string(traits.typeName);
      for (const item of items) this.value(item, depth + 1);
      return;
    }
    for (const item of items) {
      const number = Number(item);
      if (traits.vector === Marker.VectorDouble) {
        this.#double(number);
        continue;
      }
      if (traits.vector === Marker.VectorInt) this.#scratch.setInt32(0, number);
      else this.#scratch.setUint32(0, number);
      this.#bytes(new Uint8Array(this.#scratch.buffer, 0, 4));
    }
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
    // NaN as Flash Player and Ruffle write it (FFF8…): JavaScript's own NaN bits differ, and the messageID would.
    if (Number.isNaN(value)) return this.#bytes(FLASH_NAN);
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

const ANONYMOUS: Amf3ObjectTraits = { className: "", sealed: [], dynamic: true };
const FLASH_NAN = new Uint8Array([0xff, 0xf8, 0, 0, 0, 0, 0, 0]);

function vectorTraits(value: unknown[]): Amf3VectorTraits | undefined {
  return (value as { [AMF3_TRAITS]?: Amf3VectorTraits })[AMF3_TRAITS];
}

function isIndex(key: string, length: number): boolean {
  const index = Number(key);
  return Number.isInteger(index) && index >= 0 && index < length && String(index) === key;
}

