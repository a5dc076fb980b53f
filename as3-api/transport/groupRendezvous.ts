/**
 * The rendezvous: where a member finds the first members of a group. One part of a {@link Session}
 * (transport/session.ts): the server's FM-JOIN (rendezvousClient.ts), the memory network's registry, or the
 * serverless BroadcastChannel's query.
 */
import type { TransportError } from "./errors.js";

/** What a rendezvous join gave. */
export type RendezvousResult =
  | { readonly ok: true; readonly members: readonly string[]; /** members the rendezvous knows in the group */ readonly memberCount: number }
  /** `error.kind`: "join-refused" (the rendezvous said no) or "join-failed" (no answer). */
  | { readonly ok: false; readonly error: TransportError };

/** Finding a group's members. */
export interface Rendezvous {
  /**
   * Joins a group (`peerToPeer` false: listed but never handed out) and calls `done` with the bootstrap members or
   * the error. A callback, not a promise, so simulated time stays in step.
   */
  join(groupId: string, peerToPeer: boolean, done: (result: RendezvousResult) => void): void;
  /** Leaves a group. */
  leave(groupId: string): void;
}
