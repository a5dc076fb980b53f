/**
 * The ABC (ActionScript Byte Code) format of a DoABC tag, read into a plain structure and written back byte for byte
 * (AVM2 overview, chapter 4). Method bodies keep their code as raw bytes: the rewrite pass only changes the constant
 * pool, so every index the code holds stays valid. Strings keep their raw bytes too, so text that is not valid UTF-8
 * survives a round trip.
 * @see https://www.adobe.com/content/dam/acom/en/devnet/pdf/avm2overview.pdf
 */
import { ByteReader, ByteWriter, SwfError } from "./bytes.js";

/** Namespace kinds (AVM2 4.4.1). */
export const NamespaceKind = {
  namespace: 0x08,
  package: 0x16,
  packageInternal: 0x17,
  protected: 0x18,
  explicit: 0x19,
  staticProtected: 0x1a,
  private: 0x05,
} as const;

export interface AbcNamespace {
  kind: number;
  /** String index (0 = any). */
  name: number;
}

export type AbcMultiname =
  | { kind: 0x07 | 0x0d; ns: number; name: number }
  | { kind: 0x0f | 0x10; name: number }
  | { kind: 0x11 | 0x12 }
  | { kind: 0x09 | 0x0e; name: number; nsSet: number }
  | { kind: 0x1b | 0x1c; nsSet: number }
  | { kind: 0x1d; qname: number; params: number[] };

export interface ConstantPool {
  /** Index 0 of every table is the implicit entry and is not stored: entry i lives at [i - 1]. */
  ints: number[];
  uints: number[];
  doubles: number[];
  /** Raw UTF-8 bytes of each string. */
  strings: Uint8Array[];
  namespaces: AbcNamespace[];
  nsSets: number[][];
  multinames: AbcMultiname[];
  /** Tables that were empty but written with count 1 rather than 0 (bit i = table i in the order above). */
  emptyAsOne: number;
}

export interface AbcMethod {
  paramTypes: number[];
  returnType: number;
  name: number;
  flags: number;
  options: { value: number; kind: number }[];
  paramNames: number[];
}

export interface AbcTrait {
  name: number;
  /** Kind byte: low nibble the trait kind, high nibble the attributes. */
  kindByte: number;
  /** Per-kind fields in order (slot: id, type, vindex[, vkind]; class: id, class; function: id, method; method/getter/setter: disp, method). */
  data: number[];
  metadata: number[];
}

export interface AbcInstance {
  name: number;
  superName: number;
  flags: number;
  protectedNs: number;
  interfaces: number[];
  iinit: number;
  traits: AbcTrait[];
}

export interface AbcClass {
  cinit: number;
  traits: AbcTrait[];
}

export interface AbcScript {
  init: number;
  traits: AbcTrait[];
}

export interface AbcMethodBody {
  method: number;
  maxStack: number;
  localCount: number;
  initScopeDepth: number;
  maxScopeDepth: number;
  code: Uint8Array;
  exceptions: number[][];
  traits: AbcTrait[];
}

export interface AbcFile {
  minorVersion: number;
  majorVersion: number;
  pool: ConstantPool;
  methods: AbcMethod[];
  metadata: { name: number; items: number[] }[];
  instances: AbcInstance[];
  classes: AbcClass[];
  scripts: AbcScript[];
  bodies: AbcMethodBody[];
}

const HAS_OPTIONAL = 0x08;
const HAS_PARAM_NAMES = 0x80;
const CLASS_PROTECTED_NS = 0x08;
const TRAIT_METADATA = 0x40;

/** Limits that keep a hostile ABC from asking for absurd allocations before its bytes run out. */
function count(reader: ByteReader, what: string, minBytesEach: number): number {
  const at = reader.offset;
  const value = reader.u30();
  if (value * minBytesEach > reader.remaining) throw new SwfError(`${what} count ${value} exceeds the bytes left`, at);
  return value;
}

function poolTable<T>(reader: ByteReader, what: string, minBytes: number, read: () => T, onEmptyAsOne: () => void = () => undefined): T[] {
  const size = count(reader, what, minBytes);
  if (size === 1) onEmptyAsOne();
  const table: T[] = [];
  for (let i = 1; i < size; i++) table.push(read());
  return table;
}

function readPool(reader: ByteReader): ConstantPool {
  let emptyAsOne = 0;
  const mark = (bit: number) => () => void (emptyAsOne |= 1 << bit);
  const ints = poolTable(reader, "int", 1, () => reader.s32v(), mark(0));
  const uints = poolTable(reader, "uint", 1, () => reader.u32v(), mark(1));
  const doubles = poolTable(reader, "double", 8, () => reader.d64(), mark(2));
  const strings = poolTable(reader, "string", 1, () => reader.take(reader.u30(), "string"), mark(3));
  const namespaces = poolTable(reader, "namespace", 2, () => ({ kind: reader.u8(), name: reader.u30() }), mark(4));
  const nsSets = poolTable(reader, "namespace set", 1, () => {
    const n = count(reader, "namespace set entry", 1);
    return Array.from({ length: n }, () => reader.u30());
  }, mark(5));
  const multinames = poolTable(reader, "multiname", 1, (): AbcMultiname => {
    const at = reader.offset;
    const kind = reader.u8();
    switch (kind) {
      case 0x07:
      case 0x0d:
        return { kind, ns: reader.u30(), name: reader.u30() };
      case 0x0f:
      case 0x10:
        return { kind, name: reader.u30() };
      case 0x11:
      case 0x12:
        return { kind };
      case 0x09:
      case 0x0e:
        return { kind, name: reader.u30(), nsSet: reader.u30() };
      case 0x1b:
      case 0x1c:
        return { kind, nsSet: reader.u30() };
      case 0x1d: {
        const qname = reader.u30();
        const n = count(reader, "type parameter", 1);
        return { kind, qname, params: Array.from({ length: n }, () => reader.u30()) };
      }
      default:
        throw new SwfError(`unknown multiname kind 0x${kind.toString(16)}`, at);
    }
  }, mark(6));
  return { ints, uints, doubles, strings, namespaces, nsSets, multinames, emptyAsOne };
}

function readTraits(reader: ByteReader): AbcTrait[] {
  const n = count(reader, "trait", 3);
  const traits: AbcTrait[] = [];
  for (let i = 0; i < n; i++) {
    const name = reader.u30();
    const at = reader.offset;
    const kindByte = reader.u8();
    const data: number[] = [];
    switch (kindByte & 0x0f) {
      case 0: // slot
      case 6: {
        // const
        data.push(reader.u30(), reader.u30());
        const vindex = reader.u30();
        data.push(vindex);
        if (vindex !== 0) data.push(reader.u8());
        break;
      }
      case 1: // method
      case 2: // getter
      case 3: // setter
      case 4: // class
      case 5: // function
        data.push(reader.u30(), reader.u30());
        break;
      default:
        throw new SwfError(`unknown trait kind ${kindByte & 0x0f}`, at);
    }
    const metadata: number[] = [];
    if (kindByte & TRAIT_METADATA) {
      const m = count(reader, "trait metadata", 1);
      for (let j = 0; j < m; j++) metadata.push(reader.u30());
    }
    traits.push({ name, kindByte, data, metadata });
  }
  return traits;
}

/** Reads a whole ABC block; throws {@link SwfError} for anything malformed, including bytes left over. */
export function readAbc(bytes: Uint8Array): AbcFile {
  const reader = new ByteReader(bytes);
  const minorVersion = reader.u16();
  const majorVersion = reader.u16();
  const pool = readPool(reader);
  const methods = Array.from({ length: count(reader, "method", 4) }, (): AbcMethod => {
    const paramCount = count(reader, "parameter", 1);
    const returnType = reader.u30();
    const paramTypes = Array.from({ length: paramCount }, () => reader.u30());
    const name = reader.u30();
    const flags = reader.u8();
    const options = flags & HAS_OPTIONAL ? Array.from({ length: count(reader, "optional parameter", 2) }, () => ({ value: reader.u30(), kind: reader.u8() })) : [];
    const paramNames = flags & HAS_PARAM_NAMES ? Array.from({ length: paramCount }, () => reader.u30()) : [];
    return { paramTypes, returnType, name, flags, options, paramNames };
  });
  const metadata = Array.from({ length: count(reader, "metadata", 2) }, () => {
    const name = reader.u30();
    const items = count(reader, "metadata item", 2);
    return { name, items: Array.from({ length: items * 2 }, () => reader.u30()) };
  });
  const classCount = count(reader, "class", 8);
  const instances = Array.from({ length: classCount }, (): AbcInstance => {
    const name = reader.u30();
    const superName = reader.u30();
    const flags = reader.u8();
    const protectedNs = flags & CLASS_PROTECTED_NS ? reader.u30() : 0;
    const interfaces = Array.from({ length: count(reader, "interface", 1) }, () => reader.u30());
    const iinit = reader.u30();
    return { name, superName, flags, protectedNs, interfaces, iinit, traits: readTraits(reader) };
  });
  const classes = Array.from({ length: classCount }, (): AbcClass => ({ cinit: reader.u30(), traits: readTraits(reader) }));
  const scripts = Array.from({ length: count(reader, "script", 2) }, (): AbcScript => ({ init: reader.u30(), traits: readTraits(reader) }));
  const bodies = Array.from({ length: count(reader, "method body", 7) }, (): AbcMethodBody => {
    const method = reader.u30();
    const maxStack = reader.u30();
    const localCount = reader.u30();
    const initScopeDepth = reader.u30();
    const maxScopeDepth = reader.u30();
    const code = reader.take(reader.u30(), "method body code");
    const exceptions = Array.from({ length: count(reader, "exception", 5) }, () => [reader.u30(), reader.u30(), reader.u30(), reader.u30(), reader.u30()]);
    return { method, maxStack, localCount, initScopeDepth, maxScopeDepth, code, exceptions, traits: readTraits(reader) };
  });
  if (reader.remaining !== 0) throw new SwfError(`${reader.remaining} bytes after the ABC's last method body`, reader.offset);
  return { minorVersion, majorVersion, pool, methods, metadata, instances, classes, scripts, bodies };
}

function writeTraits(writer: ByteWriter, traits: readonly AbcTrait[]): void {
  writer.u32v(traits.length);
  for (const trait of traits) {
    writer.u32v(trait.name).u8(trait.kindByte);
    const kind = trait.kindByte & 0x0f;
    if (kind === 0 || kind === 6) {
      writer.u32v(trait.data[0]!).u32v(trait.data[1]!).u32v(trait.data[2]!);
      if (trait.data[2] !== 0) writer.u8(trait.data[3]!);
    } else writer.u32v(trait.data[0]!).u32v(trait.data[1]!);
    if (trait.kindByte & TRAIT_METADATA) {
      writer.u32v(trait.metadata.length);
      for (const index of trait.metadata) writer.u32v(index);
    }
  }
}

function writeTable<T>(writer: ByteWriter, table: readonly T[], write: (entry: T) => void, emptyAsOne: boolean): void {
  // An empty table is written as count 0 or 1, as it was read; one entry or more as count + 1.
  writer.u32v(table.length === 0 ? (emptyAsOne ? 1 : 0) : table.length + 1);
  for (const entry of table) write(entry);
}

/** Writes an ABC block. */
export function writeAbc(abc: AbcFile): Uint8Array {
  const writer = new ByteWriter();
  writer.u16(abc.minorVersion).u16(abc.majorVersion);
  const { pool } = abc;
  const asOne = (bit: number): boolean => (pool.emptyAsOne & (1 << bit)) !== 0;
  writeTable(writer, pool.ints, (value) => writer.s32v(value), asOne(0));
  writeTable(writer, pool.uints, (value) => writer.u32v(value), asOne(1));
  writeTable(writer, pool.doubles, (value) => writer.d64(value), asOne(2));
  writeTable(writer, pool.strings, (bytes) => writer.u32v(bytes.length).bytes(bytes), asOne(3));
  writeTable(writer, pool.namespaces, (ns) => writer.u8(ns.kind).u32v(ns.name), asOne(4));
  writeTable(writer, pool.nsSets, (set) => {
    writer.u32v(set.length);
    for (const ns of set) writer.u32v(ns);
  }, asOne(5));
  writeTable(writer, pool.multinames, (multiname) => {
    writer.u8(multiname.kind);
    switch (multiname.kind) {
      case 0x07:
      case 0x0d:
        writer.u32v(multiname.ns).u32v(multiname.name);
        break;
      case 0x0f:
      case 0x10:
        writer.u32v(multiname.name);
        break;
      case 0x11:
      case 0x12:
        break;
      case 0x09:
      case 0x0e:
        writer.u32v(multiname.name).u32v(multiname.nsSet);
        break;
      case 0x1b:
      case 0x1c:
        writer.u32v(multiname.nsSet);
        break;
      case 0x1d:
        writer.u32v(multiname.qname).u32v(multiname.params.length);
        for (const param of multiname.params) writer.u32v(param);
        break;
    }
  }, asOne(6));
  writer.u32v(abc.methods.length);
  for (const method of abc.methods) {
    writer.u32v(method.paramTypes.length).u32v(method.returnType);
    for (const type of method.paramTypes) writer.u32v(type);
    writer.u32v(method.name).u8(method.flags);
    if (method.flags & HAS_OPTIONAL) {
      writer.u32v(method.options.length);
      for (const option of method.options) writer.u32v(option.value).u8(option.kind);
    }
    if (method.flags & HAS_PARAM_NAMES) for (const name of method.paramNames) writer.u32v(name);
  }
  writer.u32v(abc.metadata.length);
  for (const entry of abc.metadata) {
    writer.u32v(entry.name).u32v(entry.items.length / 2);
    for (const item of entry.items) writer.u32v(item);
  }
  writer.u32v(abc.instances.length);
  for (const instance of abc.instances) {
    writer.u32v(instance.name).u32v(instance.superName).u8(instance.flags);
    if (instance.flags & CLASS_PROTECTED_NS) writer.u32v(instance.protectedNs);
    writer.u32v(instance.interfaces.length);
    for (const index of instance.interfaces) writer.u32v(index);
    writer.u32v(instance.iinit);
    writeTraits(writer, instance.traits);
  }
  for (const klass of abc.classes) {
    writer.u32v(klass.cinit);
    writeTraits(writer, klass.traits);
  }
  writer.u32v(abc.scripts.length);
  for (const script of abc.scripts) {
    writer.u32v(script.init);
    writeTraits(writer, script.traits);
  }
  writer.u32v(abc.bodies.length);
  for (const body of abc.bodies) {
    writer.u32v(body.method).u32v(body.maxStack).u32v(body.localCount).u32v(body.initScopeDepth).u32v(body.maxScopeDepth);
    writer.u32v(body.code.length).bytes(body.code);
    writer.u32v(body.exceptions.length);
    for (const exception of body.exceptions) for (const value of exception) writer.u32v(value);
    writeTraits(writer, body.traits);
  }
  return writer.finish();
}

const decoder = new TextDecoder();

/** The text of string `index` (0: the empty "any" name, returned as ""). */
export function stringAt(pool: ConstantPool, index: number): string {
  return index === 0 ? "" : decoder.decode(pool.strings[index - 1] ?? new Uint8Array(0));
}
