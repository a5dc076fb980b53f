/**
 * The one error type of the transport layer, with a documented string enum of what went wrong, and the one table
 * from those kinds to the NetStatus codes a NetConnection or NetGroup dispatches for them (reference §2). Codes are
 * plain strings here (this layer is below the flash classes); `flash/net/netStatusCodes.ts` holds their levels.
 */

/**
 * What went wrong:
 * - `unreachable`: the server could not be reached, did not answer, or is not a flashmesh server.
 * - `bad-server-url`: the configured server address is not an http(s)/ws(s) URL.
 * - `unsupported`: this platform lacks what the session needs (serverless without BroadcastChannel).
 * - `rejected`: the server refused this client (FM-REJECTED, e.g. a developer key not accepted, or its server-side
 *   application's onConnect said no).
 * - `invalid-app`: the server has no server-side application by the URL's first path segment (FM-REJECTED with
 *   code `invalid-app`).
 * - `lost`: an open session's connection to the server went away.
 * - `join-refused`: the rendezvous refused a group join (e.g. too many groups per connection).
 * - `join-failed`: a group join got no answer (timeout, or the session closed first).
 * - `relay-failed`: Cirrus' `relay` could not be delivered (unknown peer, no server, not connected).
 * - `link-failed`: a link to a peer could not be opened (signalling or ICE failure, timeout); the engine tries
 *   other members and again later, the application hears nothing, except when ICE found no path (detail "ice",
 *   transport/iceDiagnosis.ts) and the member is left with no neighbour: then `NetGroup.Connect.Failed` says why.
 */
export type TransportErrorKind = "unreachable" | "bad-server-url" | "unsupported" | "rejected" | "invalid-app" | "lost" | "join-refused" | "join-failed" | "relay-failed" | "link-failed";

/** A transport failure: its kind, a specific message, and where it came from the server, the server's own code. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    /** The server's error code (docs/rendezvous-protocol.md) or PeerJS' error type, when there is one. */
    readonly detail: string | null = null,
    /** More fields for the NetStatus info object (a rejection's `application`, in its `{ amf3 }` form). */
    readonly infoFields: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "TransportError";
  }
}

/** The NetStatus code a kind surfaces as (null: not surfaced), and what it means in general. */
export interface TransportErrorStatus {
  readonly code: "NetConnection.Connect.Failed" | "NetConnection.Connect.Rejected" | "NetConnection.Connect.InvalidApp" | "NetConnection.Connect.Closed" | "NetConnection.Call.Failed" | "NetGroup.Connect.Failed" | "NetGroup.Connect.Rejected" | null;
  readonly description: string;
}

/**
 * Kind → NetStatus code and general description. The info object's `description` is the error's own message (the
 * specific reason); the description here is the fallback and the documentation.
 */
export const TRANSPORT_ERROR_STATUS: { readonly [K in TransportErrorKind]: TransportErrorStatus } = Object.freeze({
  unreachable: { code: "NetConnection.Connect.Failed", description: "the server could not be reached or did not answer" },
  "bad-server-url": { code: "NetConnection.Connect.Failed", description: "the server address is not an http(s) or ws(s) URL" },
  unsupported: { code: "NetConnection.Connect.Failed", description: "this platform cannot open such a session" },
  rejected: { code: "NetConnection.Connect.Rejected", description: "the server refused this client" },
  "invalid-app": { code: "NetConnection.Connect.InvalidApp", description: "the server has no such application" },
  lost: { code: "NetConnection.Connect.Closed", description: "the connection to the server was lost" },
  "join-refused": { code: "NetGroup.Connect.Rejected", description: "the server refused to join this group" },
  "join-failed": { code: "NetGroup.Connect.Failed", description: "the server did not answer the group join" },
  "relay-failed": { code: "NetConnection.Call.Failed", description: "the relay could not be delivered" },
  "link-failed": { code: null, description: "a link to a peer could not be opened" },
});

/** `error` as a TransportError: itself, or one of `kind` carrying its message. */
export function asTransportError(error: unknown, kind: TransportErrorKind): TransportError {
  if (error instanceof TransportError) return error;
  return new TransportError(kind, error instanceof Error ? error.message : String(error));
}
