/**
 * The rendezvous' side of server-side applications (`--apps`, docs/server-apps.md): an FM-HELLO the client's
 * application accepts or rejects (asynchronously, in the applications' thread), the calls an application makes to a
 * client held until that client is welcomed, `nc.call` and the answers to `client.call`, and the application closing
 * a connection. server/rendezvous.ts speaks the protocol and hands these here; server/apps/ runs the applications.
 */
import { parseCall, parseClientResult } from "../as3-api/wire/appCalls.js";
import { RendezvousErrorCode, ServerMessageType, type ClientCallPayload, type RendezvousMessage } from "../as3-api/wire/rendezvous.js";
import type { ApplicationHost, ClientReach } from "./apps/applications.js";
import type { Refusal } from "./gate.js";
import type { Logger } from "./log.js";
import type { ClientLink } from "./clientLink.js";
import { randomHex32 } from "./peerIds.js";

/** WebSocket close code for a refused connection (RFC 6455 policy violation). */
export const REJECTED = 1008;
/** WebSocket close code for a client whose server-side application closed it or ended (RFC 6455 internal error). */
const APPLICATION_ENDED = 1011;
/** Calls an application makes to a client it has not answered yet that are kept for after the welcome. */
const MAX_HELD_CALLS = 64;

/** What the application side needs of the rendezvous. */
export interface AppClientsHost {
  /** The connected client under `peerId`. */
  client(peerId: string): ClientLink | undefined;
  send(link: ClientLink, message: RendezvousMessage): void;
  /** Welcomes `link` (FM-WELCOME) with the nonces its hello was given. */
  welcome(link: ClientLink, nearNonce: string, farNonce: string): void;
  readonly log: Logger;
  readonly serverId: string;
  readonly maxCallsPerClient: number;
}

/** The clients of the server-side applications, as the rendezvous sees them (on a server without any too). */
export class AppClients {
  readonly #apps: ApplicationHost | null;
  /**
   * Clients whose FM-HELLO their application is deciding, with the calls it made to them meanwhile (an application
   * that accepts may call at once): sent after the welcome, dropped with a rejection.
   */
  readonly #admitting = new Map<ClientLink, ClientCallPayload[]>();

  constructor(
    private readonly host: AppClientsHost,
    /** Makes the applications, given how they reach clients (null: a server without applications). */
    applications: ((reach: ClientReach) => ApplicationHost) | null,
  ) {
    this.#apps = applications === null ? null : applications({
      clientCall: (id, call) => {
        const link = host.client(id);
        if (link === undefined) return;
        const held = this.#admitting.get(link);
        if (held === undefined) host.send(link, { type: ServerMessageType.clientCall, payload: call });
        else if (held.length < MAX_HELD_CALLS) held.push(call);
      },
      drop: (id, reason) => {
        const link = host.client(id);
        if (link === undefined) return;
        host.log.info("application closed a connection", { peerId: id, reason });
        // Not resumable: the client's transport would otherwise reconnect under its ID at once and be back.
        link.tokenDigest = randomHex32();
        link.close(APPLICATION_ENDED, reason.slice(0, 120));
      },
    });
  }

  /**
   * FM-HELLO from `client` (version and key already checked): welcomed at once without applications; otherwise its
   * application decides, and the client is welcomed (with the calls held meanwhile) or rejected then. A refusal for
   * a second hello while the first is decided.
   */
  hello(client: ClientLink, app: string, args: readonly unknown[], nearNonce: string, farNonce: string, bad: (text: string) => Refusal): Refusal | null {
    const apps = this.#apps;
    if (apps === null) {
      this.host.welcome(client, nearNonce, farNonce);
      return null;
    }
    if (this.#admitting.has(client)) return bad("FM-HELLO again while the application decides the first");
    const peerId = client.peerId;
    this.#admitting.set(client, []);
    apps.disconnect(peerId); // a second hello (a resume) is a new connection for the application
    const facts = { id: peerId, nearID: this.host.serverId, ip: client.remoteAddress ?? "", uri: app, farNonce: nearNonce, nearNonce: farNonce };
    void apps.admit(facts, app, args).then((admission) => {
      const held = this.#admitting.get(client) ?? [];
      if (!this.#admitting.delete(client) || this.host.client(peerId) !== client) {
        if (admission.accepted) apps.disconnect(peerId); // gone while its application decided
        return;
      }
      if (admission.accepted) {
        this.host.welcome(client, nearNonce, farNonce);
        for (const call of held) this.host.send(client, { type: ServerMessageType.clientCall, payload: call });
      } else {
        this.host.log.info("connection rejected", { reason: admission.rejected.reason });
        this.host.send(client, { type: ServerMessageType.rejected, payload: admission.rejected });
        client.close(REJECTED, "rejected");
      }
    });
    return null;
  }

  /**
   * FM-CALL (`nc.call`): the application's answer goes back as FM-RESULT while the client is still here (without
   * applications, every method is missing).
   */
  call(client: ClientLink, payload: unknown, bad: (text: string) => Refusal): Refusal | null {
    const call = parseCall(payload);
    if (!call.ok) return bad(call.error);
    const answer = this.#apps === null ? Promise.resolve({ req: call.value.req, error: `Method not found (${call.value.name}).` }) : this.#apps.call(client.peerId, call.value);
    if (answer === null) return { code: RendezvousErrorCode.tooManyCalls, message: `at most ${this.host.maxCallsPerClient} calls unanswered per connection`, req: call.value.req, strike: false };
    void answer.then((result) => {
      if (this.host.client(client.peerId) === client) this.host.send(client, { type: ServerMessageType.result, payload: result });
    });
    return null;
  }

  /** FM-CLIENT-RESULT: the client's answer to an application's `client.call`. */
  clientResult(client: ClientLink, payload: unknown, bad: (text: string) => Refusal): Refusal | null {
    const result = parseClientResult(payload);
    if (!result.ok) return bad(result.error);
    this.#apps?.clientResult(client.peerId, result.value);
    return null;
  }

  /** `client` is gone: its application hears onDisconnect (once it was admitted). */
  disconnect(client: ClientLink): void {
    this.#admitting.delete(client);
    this.#apps?.disconnect(client.peerId);
  }

  /** Stops the applications (their onAppStop runs, bounded by the application timeout). */
  close(): Promise<void> {
    return this.#apps?.close() ?? Promise.resolve();
  }
}
