/**
 * Messages between the server's main thread (server/apps/appThread.ts) and one application's worker thread
 * (server/apps/workerMain.ts). Application values cross as AMF3 bytes, never as structured clones, so a typed
 * object, a Date, NaN or a ByteArray reaches the application, and comes back, exactly as the SWF's AMF3 had it.
 */

/** What the application knows of a connecting client. */
export interface ClientFacts {
  /** The client's peer ID: `client.id` and `client.farID` (the far end, seen from the server). */
  readonly id: string;
  /** The server's peer ID: `client.nearID`. */
  readonly nearID: string;
  /** The client's IP address ("" when unknown). */
  readonly ip: string;
  /** The path of the client's `rtmfp://host/<path>` URL. */
  readonly uri: string;
  /** The client's nonces as the server sees them (`client.farNonce` is the client's `nearNonce`). */
  readonly farNonce: string;
  readonly nearNonce: string;
}

/** Main thread → worker. */
export type ToWorker =
  | { readonly t: "start"; readonly entry: string; readonly name: string }
  | { readonly t: "ping"; readonly n: number }
  | { readonly t: "connect"; readonly n: number; readonly client: ClientFacts; readonly args: readonly Uint8Array[] }
  | { readonly t: "call"; readonly n: number; readonly id: string; readonly name: string; readonly args: readonly Uint8Array[] }
  | { readonly t: "clientResult"; readonly id: string; readonly req: number; readonly result?: Uint8Array; readonly error?: string }
  | { readonly t: "disconnect"; readonly id: string }
  | { readonly t: "stop"; readonly n: number };

/** Worker → main thread. `n` answers the request of that number. */
export type FromWorker =
  | { readonly t: "pong"; readonly n: number }
  | { readonly t: "started"; readonly n: 0 }
  | { readonly t: "startFailed"; readonly error: string }
  | { readonly t: "verdict"; readonly n: number; readonly accepted: boolean; readonly reason: string; readonly application?: Uint8Array }
  | { readonly t: "result"; readonly n: number; readonly result?: Uint8Array; readonly error?: string }
  | { readonly t: "stopped"; readonly n: number }
  | { readonly t: "clientCall"; readonly id: string; readonly name: string; readonly args: readonly Uint8Array[]; readonly req?: number }
  | { readonly t: "drop"; readonly id: string; readonly reason: string }
  | { readonly t: "log"; readonly level: "info" | "warn" | "error"; readonly msg: string };
