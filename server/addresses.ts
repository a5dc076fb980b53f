/**
 * Per-IP-address admission: at most `maxClientsPerAddress` WebSockets from one address, and an address whose
 * connections keep being closed for abuse is refused for a while (`abuseBackoffMs`, doubling on each further cut,
 * at most {@link MAX_BACKOFF_MS}), so a flooder that reconnects is stopped, not just cut again and again.
 */
import type { ServerLimits } from "./options.js";

/** The longest an address is refused. */
export const MAX_BACKOFF_MS = 10 * 60_000;

interface AddressRecord {
  open: number;
  /** Abusive cuts in the current window. */
  cuts: number;
  cutWindowStart: number;
  /** Refused until this time (ms since 1970), 0 when not refused. */
  refusedUntil: number;
  /** The next refusal's length. */
  nextBackoffMs: number;
}

/** Why an address may not connect now, or null. */
export type AddressRefusal = string | null;

/** Connection counts and abuse back-off per remote address. */
export class AddressBook {
  readonly #records = new Map<string, AddressRecord>();
  #opens = 0;

  constructor(
    private readonly limits: ServerLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a new connection from `address` is refused, and why. */
  refusal(address: string): AddressRefusal {
    const record = this.#records.get(address);
    if (record === undefined) return null;
    if (record.refusedUntil > this.now()) return `address refused for ${Math.ceil((record.refusedUntil - this.now()) / 1000)} s after repeated abuse`;
    if (record.open >= this.limits.maxClientsPerAddress) return `at most ${this.limits.maxClientsPerAddress} connections per address`;
    return null;
  }

  /** A connection from `address` opened. */
  opened(address: string): void {
    this.#record(address).open++;
    // Now and then, forget addresses with nothing open whose abuse record has aged out (bounded memory).
    if (++this.#opens % 1024 === 0) for (const [other, record] of this.#records) this.#forgetIfIdle(other, record);
  }

  /** A connection from `address` closed. */
  closed(address: string): void {
    const record = this.#records.get(address);
    if (record === undefined) return;
    record.open--;
    this.#forgetIfIdle(address, record);
  }

  /** A connection from `address` was closed for abuse; true when the address is now refused for a while. */
  abusive(address: string): boolean {
    const record = this.#record(address);
    const now = this.now();
    // A window six strike windows long: a client is cut after one strike window at most, so three cuts fit.
    if (now - record.cutWindowStart > this.limits.strikeWindowMs * 6) {
      record.cutWindowStart = now;
      record.cuts = 0;
      if (record.refusedUntil <= now) record.nextBackoffMs = this.limits.abuseBackoffMs;
    }
    record.cuts++;
    if (record.cuts < this.limits.abuseCutsBeforeBackoff) return false;
    record.refusedUntil = now + record.nextBackoffMs;
    record.nextBackoffMs = Math.min(MAX_BACKOFF_MS, record.nextBackoffMs * 2);
    return true;
  }

  #record(address: string): AddressRecord {
    let record = this.#records.get(address);
    if (record === undefined) {
      record = { open: 0, cuts: 0, cutWindowStart: this.now(), refusedUntil: 0, nextBackoffMs: this.limits.abuseBackoffMs };
      this.#records.set(address, record);
    }
    return record;
  }

  #forgetIfIdle(address: string, record: AddressRecord): void {
    const now = this.now();
    if (record.open <= 0 && record.refusedUntil <= now && now - record.cutWindowStart > this.limits.strikeWindowMs * 6) this.#records.delete(address);
  }
}
