/**
 * A raw rendezvous client of server-side applications for Node specs (docs/server-apps.md): FM-HELLO with AMF3
 * connect arguments, FM-CALL with its FM-RESULT, and the AMF3 `{ amf3 }` form both ways.
 */
import { decodeAmf3, encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { amf3ValueOf, bytesOfAmf3Value } from "../../as3-api/wire/appCalls.js";
import { RENDEZVOUS_PROTOCOL_VERSION, type Amf3Value, type RejectedPayload, type ResultPayload, type WelcomePayload } from "../../as3-api/wire/rendezvous.js";
import { SignallingTestClient } from "./signallingClient.js";

/** `value` in the `{ amf3 }` form. */
export function amf(value: unknown): Amf3Value {
  return amf3ValueOf(encodeAmf3(value));
}

/** The value of an `{ amf3 }` form (throws when there is none). */
export function value(form: Amf3Value | undefined): unknown {
  if (form === undefined) throw new Error("no value");
  return decodeAmf3(bytesOfAmf3Value(form));
}

/** An FM-CLIENTCALL as received. */
export interface ReceivedClientCall {
  readonly name: string;
  readonly args: Amf3Value[];
  readonly req?: number;
}

let nextReq = 1;

/** Says FM-HELLO for `app` with `args` (strings as they are, the rest as AMF3); the welcome or the rejection. */
export async function hello(url: string, app: string, ...args: unknown[]): Promise<{ client: SignallingTestClient; welcome?: WelcomePayload; rejected?: RejectedPayload }> {
  const client = await SignallingTestClient.open(url);
  client.send({ type: "FM-HELLO", payload: { v: RENDEZVOUS_PROTOCOL_VERSION, app, args: args.map((arg) => (typeof arg === "string" ? arg : amf(arg))) } });
  const answer = await Promise.race([client.next("FM-WELCOME", 15_000), client.next("FM-REJECTED", 15_000)]);
  return answer.type === "FM-WELCOME" ? { client, welcome: answer.payload as WelcomePayload } : { client, rejected: answer.payload as RejectedPayload };
}

/** `nc.call(name, responder, ...args)`: resolves with the FM-RESULT of this call. */
export async function call(client: SignallingTestClient, name: string, ...args: unknown[]): Promise<ResultPayload> {
  const req = nextReq++;
  client.send({ type: "FM-CALL", payload: { req, name, args: args.map(amf) } });
  for (;;) {
    const result = (await client.next("FM-RESULT", 15_000)).payload as ResultPayload;
    if (result.req === req) return result;
  }
}

/** The next FM-CLIENTCALL named `name` (others of other names are skipped). */
export async function clientCall(client: SignallingTestClient, name: string): Promise<ReceivedClientCall> {
  for (;;) {
    const received = (await client.next("FM-CLIENTCALL", 15_000)).payload as ReceivedClientCall;
    if (received.name === name) return received;
  }
}
