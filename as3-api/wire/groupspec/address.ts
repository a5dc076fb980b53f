/**
 * IP multicast address options (0x0a): address bytes ‖ 2-byte big-endian port [‖ source address bytes]
 * (reference §3.1). Parsing follows Flash's builtin: IPv6 in brackets is tried first, then IPv4; the port is part of
 * the address text or given separately.
 */
import type { IPMulticastAddress } from "./options.js";

/** Why an address could not be encoded: `"syntax"` maps to AS3 ArgumentError, `"range"` to RangeError. */
export class AddressError extends Error {
  constructor(
    readonly kind: "syntax" | "range",
    message: string,
  ) {
    super(message);
    this.name = "AddressError";
  }
}

const IPV6_WITH_PORT = /^\[([0-9A-Fa-f:.]+)\]:(\d+)$/;
const IPV4_WITH_PORT = /^(\d+)\.(\d+)\.(\d+)\.(\d+):(\d+)$/;
const IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

/**
 * Joins `address` and a separate `port` the way `encodeIPMulticastAddressSpec(address, port)` does: IPv6 text gets
 * brackets. With `port` null/undefined the address must carry its own port.
 */
export function joinAddressAndPort(address: string, port: unknown): string {
  if (port === null || port === undefined) return address;
  const host = address.includes(":") && !address.startsWith("[") ? `[${address}]` : address;
  return `${host}:${String(port)}`;
}

/** Parses `"a.b.c.d:port"` or `"[v6]:port"` and an optional source into an {@link IPMulticastAddress}. */
export function parseMulticastAddress(addressWithPort: string, source: string | null): IPMulticastAddress {
  const v6 = IPV6_WITH_PORT.exec(addressWithPort);
  let bytes: Uint8Array;
  let portText: string;
  if (v6) {
    const parsed = parseIPv6(v6[1]!);
    if (!parsed) throw new AddressError("syntax", "Invalid address");
    bytes = parsed;
    portText = v6[2]!;
  } else {
    const v4 = IPV4_WITH_PORT.exec(addressWithPort);
    if (!v4) throw new AddressError("syntax", "Invalid address");
    bytes = ipv4Bytes([v4[1]!, v4[2]!, v4[3]!, v4[4]!]);
    portText = v4[5]!;
  }
  const port = Number(portText);
  if (port > 0xffff) throw new AddressError("range", `Invalid port ${portText}`);
  let sourceText: string | null = null;
  if (source !== null && source !== "") {
    const sourceBytes = parseHostAddress(source);
    if (sourceBytes.length !== bytes.length) throw new AddressError("syntax", "Invalid address");
    sourceText = formatHostAddress(sourceBytes);
  }
  return { address: formatHostAddress(bytes), port, source: sourceText };
}

/** Option payload bytes (without option header) of `entry`. */
export function multicastAddressBytes(entry: IPMulticastAddress): Uint8Array {
  const host = parseHostAddress(entry.address);
  const source = entry.source === null ? new Uint8Array(0) : parseHostAddress(entry.source);
  if (!Number.isInteger(entry.port) || entry.port < 0 || entry.port > 0xffff) {
    throw new AddressError("range", `Invalid port ${entry.port}`);
  }
  if (source.length !== 0 && source.length !== host.length) throw new AddressError("syntax", "Invalid address");
  const out = new Uint8Array(host.length + 2 + source.length);
  out.set(host, 0);
  out[host.length] = entry.port >> 8;
  out[host.length + 1] = entry.port & 0xff;
  out.set(source, host.length + 2);
  return out;
}

/** Reads an option payload back; `null` when its length fits no address layout (6, 10, 18 or 34 bytes). */
export function multicastAddressFromBytes(bytes: Uint8Array): IPMulticastAddress | null {
  const hostLength = bytes.length === 6 || bytes.length === 10 ? 4 : bytes.length === 18 || bytes.length === 34 ? 16 : 0;
  if (hostLength === 0) return null;
  const host = bytes.subarray(0, hostLength);
  const port = (bytes[hostLength]! << 8) | bytes[hostLength + 1]!;
  const source = bytes.length > hostLength + 2 ? formatHostAddress(bytes.subarray(hostLength + 2)) : null;
  return { address: formatHostAddress(host), port, source };
}

/** Bytes of a bare IPv4 or IPv6 address (no port, no brackets). */
export function parseHostAddress(text: string): Uint8Array {
  const v4 = IPV4.exec(text);
  if (v4) return ipv4Bytes([v4[1]!, v4[2]!, v4[3]!, v4[4]!]);
  const v6 = parseIPv6(text);
  if (!v6) throw new AddressError("syntax", "Invalid address");
  return v6;
}

/** Canonical text of 4 or 16 address bytes: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as `::`). */
export function formatHostAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 1; // RFC 5952: a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

function ipv4Bytes(octets: string[]): Uint8Array {
  const out = new Uint8Array(4);
  octets.forEach((text, i) => {
    const value = Number(text);
    if (value > 255) throw new AddressError("range", `Invalid address byte ${text}`);
    out[i] = value;
  });
  return out;
}

/** RFC 4291 text form (with `::` and an optional dotted IPv4 tail) to 16 bytes, or `null`. */
function parseIPv6(text: string): Uint8Array | null {
  if (text.length > 45) return null;
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    const v4 = IPV4.exec(text.slice(lastColon + 1));
    if (!v4) return null;
    const octets = [v4[1]!, v4[2]!, v4[3]!, v4[4]!].map(Number);
    if (octets.some((octet) => octet > 255)) return null;
    tail = [(octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === "") return [];
    const groups: number[] = [];
    for (const group of part.split(":")) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return null;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const front = parseGroups(halves[0]!);
  const back = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!front || !back) return null;
  const explicit = front.length + back.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups = [...front, ...new Array<number>(8 - explicit).fill(0), ...back, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...front, ...tail];
  }
  const out = new Uint8Array(16);
  groups.forEach((group, i) => {
    out[2 * i] = group >> 8;
    out[2 * i + 1] = group & 0xff;
  });
  return out;
}
