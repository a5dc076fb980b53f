/**
 * Strict readers of the rendezvous protocol's application-call messages (version 3: `FM-CALL`, `FM-RESULT`,
 * `FM-CLIENTCALL`, `FM-CLIENTRESULT`, and `FM-REJECTED`'s application fields) and the `{ amf3: base64 }` form of
 * their values. Both ends read what the other sent with these: a payload of the wrong shape is refused with a
 * sentence saying what is wrong, never half read. Pure functions; no I/O.
 */
import {
  MAX_CALL_ARGUMENTS,
  MAX_CALL_ERROR_LENGTH,
  MAX_METHOD_NAME_LENGTH,
  type Amf3Value,
  type CallPayload,
  type ClientCallPayload,
  type ClientResultPayload,
  type RejectedPayload,
  type ResultPayload,
} from "./rendezvous.js";

/** A read message, or what is wrong with it. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const METHOD_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `name` may name a called method (identifiers, dotted as FMS allowed: `"chat.send"`). */
export function isMethodName(name: unknown): name is string {
  return typeof name === "string" && name.length <= MAX_METHOD_NAME_LENGTH && METHOD_NAME.test(name);
}

/** The `{ amf3 }` form of AMF3 bytes. */
export function amf3ValueOf(bytes: Uint8Array): Amf3Value {
  let binary = "";
  for (let start = 0; start < bytes.length; start += 8192) binary += String.fromCharCode(...bytes.subarray(start, start + 8192));
  return { amf3: btoa(binary) };
}

/** The bytes of an `{ amf3 }` form ({@link isAmf3Value} checked it). */
export function bytesOfAmf3Value(value: Amf3Value): Uint8Array {
  const binary = atob(value.amf3);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether `value` is exactly `{ amf3: "<non-empty canonical base64>" }`. */
export function isAmf3Value(value: unknown): value is Amf3Value {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const text = (value as { amf3?: unknown }).amf3;
  return keys.length === 1 && keys[0] === "amf3" && typeof text === "string" && text.length > 0 && BASE64.test(text);
}

function record(payload: unknown): Record<string, unknown> | null {
  return typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
}

function isReq(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function unexpectedKeys(fields: Record<string, unknown>, allowed: readonly string[]): string | null {
  const extra = Object.keys(fields).find((key) => !allowed.includes(key));
  return extra === undefined ? null : `unexpected field ${JSON.stringify(extra.slice(0, 32))}`;
}

function args(value: unknown, what: string): Parsed<readonly Amf3Value[]> {
  if (!Array.isArray(value)) return { ok: false, error: `${what} needs args (array)` };
  if (value.length > MAX_CALL_ARGUMENTS) return { ok: false, error: `${what} has ${value.length} arguments; at most ${MAX_CALL_ARGUMENTS}` };
  const bad = value.findIndex((arg) => !isAmf3Value(arg));
  if (bad >= 0) return { ok: false, error: `${what} argument ${bad} is not { amf3: base64 }` };
  return { ok: true, value: value as Amf3Value[] };
}

/** Exactly one of `result` ({ amf3 }) and `error` (a string up to {@link MAX_CALL_ERROR_LENGTH}). */
function outcome(fields: Record<string, unknown>, what: string): Parsed<{ result?: Amf3Value; error?: string }> {
  const hasResult = "result" in fields;
  const hasError = "error" in fields;
  if (hasResult === hasError) return { ok: false, error: `${what} needs exactly one of result and error` };
  if (hasResult) return isAmf3Value(fields["result"]) ? { ok: true, value: { result: fields["result"] } } : { ok: false, error: `${what} result is not { amf3: base64 }` };
  const error = fields["error"];
  if (typeof error !== "string" || error.length > MAX_CALL_ERROR_LENGTH) return { ok: false, error: `${what} error must be a string of at most ${MAX_CALL_ERROR_LENGTH} characters` };
  return { ok: true, value: { error } };
}

/** Reads an `FM-CALL` payload. */
export function parseCall(payload: unknown): Parsed<CallPayload> {
  const fields = record(payload);
  if (fields === null) return { ok: false, error: "FM-CALL needs an object payload" };
  if (!isReq(fields["req"])) return { ok: false, error: "FM-CALL needs req (non-negative integer)" };
  if (!isMethodName(fields["name"])) return { ok: false, error: `FM-CALL needs name (an identifier or dotted identifiers, at most ${MAX_METHOD_NAME_LENGTH} characters)` };
  const extra = unexpectedKeys(fields, ["req", "name", "args"]);
  if (extra !== null) return { ok: false, error: `FM-CALL: ${extra}` };
  const list = args(fields["args"], "FM-CALL");
  if (!list.ok) return list;
  return { ok: true, value: { req: fields["req"], name: fields["name"], args: list.value } };
}

/** Reads an `FM-RESULT` payload. */
export function parseResult(payload: unknown): Parsed<ResultPayload> {
  const fields = record(payload);
  if (fields === null) return { ok: false, error: "FM-RESULT needs an object payload" };
  if (!isReq(fields["req"])) return { ok: false, error: "FM-RESULT needs req (non-negative integer)" };
  const extra = unexpectedKeys(fields, ["req", "result", "error"]);
  if (extra !== null) return { ok: false, error: `FM-RESULT: ${extra}` };
  const answer = outcome(fields, "FM-RESULT");
  return answer.ok ? { ok: true, value: { req: fields["req"], ...answer.value } } : answer;
}

/** Reads an `FM-CLIENTCALL` payload. */
export function parseClientCall(payload: unknown): Parsed<ClientCallPayload> {
  const fields = record(payload);
  if (fields === null) return { ok: false, error: "FM-CLIENTCALL needs an object payload" };
  if ("req" in fields && !isReq(fields["req"])) return { ok: false, error: "FM-CLIENTCALL req must be a non-negative integer" };
  if (!isMethodName(fields["name"])) return { ok: false, error: `FM-CLIENTCALL needs name (an identifier or dotted identifiers, at most ${MAX_METHOD_NAME_LENGTH} characters)` };
  const extra = unexpectedKeys(fields, ["req", "name", "args"]);
  if (extra !== null) return { ok: false, error: `FM-CLIENTCALL: ${extra}` };
  const list = args(fields["args"], "FM-CLIENTCALL");
  if (!list.ok) return list;
  return { ok: true, value: { name: fields["name"], args: list.value, ...(isReq(fields["req"]) ? { req: fields["req"] } : {}) } };
}

/** Reads an `FM-CLIENTRESULT` payload. */
export function parseClientResult(payload: unknown): Parsed<ClientResultPayload> {
  const fields = record(payload);
  if (fields === null) return { ok: false, error: "FM-CLIENTRESULT needs an object payload" };
  if (!isReq(fields["req"])) return { ok: false, error: "FM-CLIENTRESULT needs req (non-negative integer)" };
  const extra = unexpectedKeys(fields, ["req", "result", "error"]);
  if (extra !== null) return { ok: false, error: `FM-CLIENTRESULT: ${extra}` };
  const answer = outcome(fields, "FM-CLIENTRESULT");
  return answer.ok ? { ok: true, value: { req: fields["req"], ...answer.value } } : answer;
}

/** Reads an `FM-REJECTED` payload (a version 2 server's has a reason only). */
export function parseRejected(payload: unknown): Parsed<RejectedPayload> {
  const fields = record(payload);
  if (fields === null || typeof fields["reason"] !== "string") return { ok: false, error: "FM-REJECTED needs reason (string)" };
  const code = fields["code"];
  if (code !== undefined && code !== "rejected" && code !== "invalid-app") return { ok: false, error: "FM-REJECTED code must be rejected or invalid-app" };
  const application = fields["application"];
  if (application !== undefined && !isAmf3Value(application)) return { ok: false, error: "FM-REJECTED application is not { amf3: base64 }" };
  return { ok: true, value: { reason: fields["reason"], ...(code === undefined ? {} : { code }), ...(application === undefined ? {} : { application }) } };
}
