/**
 * Bytes a group sends and receives, by kind, and their rates: what `NetGroupInfo` reports. Totals are exact; rates
 * are averaged over the last few seconds (the reference: "averaged over a few seconds") from samples the group's
 * heartbeat takes.
 */
import type { Frame } from "../wire/frames.js";

/** Byte totals (or rates, bytes per second) by NetGroupInfo's kinds. */
export interface TrafficFigures {
  postingSendData: number;
  postingSendControl: number;
  postingReceiveData: number;
  postingReceiveControl: number;
  routingSend: number;
  routingReceive: number;
  objectReplicationSend: number;
  objectReplicationReceive: number;
}

const zero = (): TrafficFigures => ({ postingSendData: 0, postingSendControl: 0, postingReceiveData: 0, postingReceiveControl: 0, routingSend: 0, routingReceive: 0, objectReplicationSend: 0, objectReplicationReceive: 0 });

/**
 * Which figure a frame counts toward, sent and received. Overlay upkeep (join, leave, members, ping, pong) has no
 * NetGroupInfo figure and is not counted.
 */
const KIND: Partial<Record<Frame["type"], readonly [keyof TrafficFigures, keyof TrafficFigures]>> = {
  post: ["postingSendData", "postingReceiveData"],
  ihave: ["postingSendControl", "postingReceiveControl"],
  graft: ["postingSendControl", "postingReceiveControl"],
  prune: ["postingSendControl", "postingReceiveControl"],
  route: ["routingSend", "routingReceive"],
  neighbor: ["routingSend", "routingReceive"],
  haveObjects: ["objectReplicationSend", "objectReplicationReceive"],
  requestObject: ["objectReplicationSend", "objectReplicationReceive"],
  object: ["objectReplicationSend", "objectReplicationReceive"],
  denyObject: ["objectReplicationSend", "objectReplicationReceive"],
};

/** How far back rates look, ms. */
const RATE_WINDOW_MS = 4000;

/** Counts one group's traffic. */
export class TrafficMeter {
  readonly totals: TrafficFigures = zero();
  readonly #samples: { at: number; totals: TrafficFigures }[] = [];

  constructor(startedAt: number) {
    this.#samples.push({ at: startedAt, totals: zero() });
  }

  sent(type: Frame["type"], bytes: number): void {
    const kind = KIND[type];
    if (kind !== undefined) this.totals[kind[0]] += bytes;
  }

  received(type: Frame["type"], bytes: number): void {
    const kind = KIND[type];
    if (kind !== undefined) this.totals[kind[1]] += bytes;
  }

  /** Records the totals now (called about once a second); keeps what the rate window needs. */
  sample(now: number): void {
    this.#samples.push({ at: now, totals: { ...this.totals } });
    while (this.#samples.length > 2 && this.#samples[1]!.at <= now - RATE_WINDOW_MS) this.#samples.shift();
  }

  /** Bytes per second since the oldest sample in the window (0 when no time has passed). */
  rates(now: number): TrafficFigures {
    const oldest = this.#samples[0]!;
    const seconds = (now - oldest.at) / 1000;
    const rates = zero();
    if (seconds <= 0) return rates;
    for (const key of Object.keys(rates) as (keyof TrafficFigures)[]) rates[key] = (this.totals[key] - oldest.totals[key]) / seconds;
    return rates;
  }
}
