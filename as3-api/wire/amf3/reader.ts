/**
 * AMF3 reader: everything Flash writes except externalizable objects and dictionaries, with references, and with
 * limits on depth and counts so a peer cannot make it allocate without bound.
 */
import { utf8Text } from "../bytes.js";
import { AMF3_TRAITS, Amf3Xml, AmfError, INT_MAX, Marker, type AmfLimits } from "./format.js";

interface Traits {
  readonly className: string;
  readonly dynamic: boolean;
  readonly sealed: readonly string[];
}

/** Reads AMF3 values, checking every length against the limits and the bytes left. */
export class AmfReader {
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
        const xml = new Amf3Xml(this.#utf8(header >> 1), marker === Marker.XmlDoc);
        this.#objects.push(xml);
        return xml;
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
      case Marker.Dictionary: return this.#dictionary(depth, at);
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
      const className = this.#string();
      const count = this.#count(header >> 4, at);
      const sealed: string[] = [];
      for (let i = 0; i < count; i++) sealed.push(this.#string());
      traits = { className, dynamic: (header & 8) !== 0, sealed };
      this.#traits.push(traits);
    }
    const object: Record<string, unknown> = {};
    // A typed object keeps its traits (not enumerable), so it is written back as the same bytes.
    if (traits.className !== "" || !traits.dynamic || traits.sealed.length > 0) Object.defineProperty(object, AMF3_TRAITS, { value: traits });
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
    const fixed = this.#byte() !== 0;
    const typeName = marker === Marker.VectorObject ? this.#string() : "";
    const items: unknown[] = [];
    Object.defineProperty(items, AMF3_TRAITS, { value: { vector: marker, fixed, typeName } });
    this.#objects.push(items);
    for (let i = 0; i < length; i++) {
      if (marker === Marker.VectorInt) items.push(this.#view.getInt32(this.#advance(4)));
      else if (marker === Marker.VectorUint) items.push(this.#view.getUint32(this.#advance(4)));
      else if (marker === Marker.VectorDouble) items.push(this.#double());
      else items.push(this.value(depth + 1));
    }
    return items;
  }

  /** A `flash.utils.Dictionary`, as a Map (its keys may be objects). */
  #dictionary(depth: number, at: number): unknown {
    const header = this.#u29();
    if ((header & 1) === 0) return this.#reference(header >> 1, at);
    const count = this.#count(header >> 1, at);
    this.#byte(); // weak keys flag
    const map = new Map<unknown, unknown>();
    this.#objects.push(map);
    for (let i = 0; i < count; i++) {
      const key = this.value(depth + 1);
      map.set(key, this.value(depth + 1));
    }
    return map;
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
