/**
 * Fuzz: the readers of the application-call messages (as3-api/wire/appCalls.ts) over 50,000 random and mutated
 * payloads each. Each must return a value or a reason, never throw; what they accept must be well formed (read
 * again, it reads the same) and carry only base64 AMF3 forms. Valid messages always pass. Every failure names the
 * seed (FLASHMESH_SEED replays it).
 */
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { amf3ValueOf, isAmf3Value, isMethodName, parseCall, parseClientCall, parseClientResult, parseRejected, parseResult, type Parsed } from "../../as3-api/wire/appCalls.js";
import { MAX_CALL_ARGUMENTS, MAX_CALL_ERROR_LENGTH, MAX_METHOD_NAME_LENGTH } from "../../as3-api/wire/rendezvous.js";
import { createRandom, type Random } from "../support/random.js";

const RUNS = 50_000;

function randomJson(random: Random, depth = 0): unknown {
  switch (random.int(depth > 2 ? 7 : 10)) {
    case 0: return random.int(2000) - 1000;
    case 1: return random.pick([0.5, -1, Number.MAX_SAFE_INTEGER + 2, 1e300, -0]);
    case 2: return random.pick(["", "echo", "a.b", "1x", "__proto__", "constructor", "x".repeat(MAX_METHOD_NAME_LENGTH + 1), "AA==", "not base64!", "é"]);
    case 3: return random.chance(0.5);
    case 4: return null;
    case 5: return amf3ValueOf(encodeAmf3(random.pick([1, "s", null, new Date(3), [1, 2]])));
    case 6: return { amf3: random.pick(["", "A", "AA=", "AAA=", "@@@@", "AA==", 3]) };
    case 7: return Array.from({ length: random.int(4) }, () => randomJson(random, depth + 1));
    case 8: return Array.from({ length: random.pick([0, 1, MAX_CALL_ARGUMENTS, MAX_CALL_ARGUMENTS + 1]) }, () => amf3ValueOf(encodeAmf3(1)));
    default: return Object.fromEntries(Array.from({ length: random.int(4) }, () => [random.pick(["req", "name", "args", "result", "error", "code", "reason", "application", "extra", "__proto__"]), randomJson(random, depth + 1)]));
  }
}

const VALID: Record<string, unknown[]> = {
  call: [{ req: 1, name: "echo", args: [amf3ValueOf(encodeAmf3("x"))] }, { req: 0, name: "chat.send", args: [] }],
  result: [{ req: 1, result: amf3ValueOf(encodeAmf3(null)) }, { req: 2, error: "Method not found (x)." }],
  clientCall: [{ name: "onJoin", args: [amf3ValueOf(encodeAmf3({ a: 1 }))] }, { req: 5, name: "ask", args: [] }],
  clientResult: [{ req: 5, result: amf3ValueOf(encodeAmf3([1])) }, { req: 6, error: "" }],
  rejected: [{ reason: "no" }, { reason: "no", code: "invalid-app" }, { reason: "no", code: "rejected", application: amf3ValueOf(encodeAmf3({ why: "full" })) }],
};

const READERS: Record<string, (payload: unknown) => Parsed<unknown>> = { call: parseCall, result: parseResult, clientCall: parseClientCall, clientResult: parseClientResult, rejected: parseRejected };

/** Mutates a valid payload: drops, replaces or adds one field. */
function mutate(random: Random, payload: unknown): unknown {
  const copy = { ...(payload as Record<string, unknown>) };
  const keys = Object.keys(copy);
  switch (random.int(3)) {
    case 0: if (keys.length > 0) delete copy[random.pick(keys)]; break;
    case 1: if (keys.length > 0) copy[random.pick(keys)] = randomJson(random); break;
    default: copy[random.pick(["req", "name", "args", "result", "error", "code", "application", "extra"])] = randomJson(random);
  }
  return copy;
}

/** What every accepted payload must satisfy. */
function problemWith(kind: string, value: Record<string, unknown>): string | null {
  if ("req" in value && !(Number.isSafeInteger(value["req"]) && (value["req"] as number) >= 0)) return "bad req";
  if ("name" in value && !isMethodName(value["name"])) return "bad name";
  if ("args" in value) {
    const args = value["args"] as unknown[];
    if (args.length > MAX_CALL_ARGUMENTS || !args.every(isAmf3Value)) return "bad args";
  }
  if ((kind === "result" || kind === "clientResult") && ("result" in value) === ("error" in value)) return "not exactly one of result and error";
  if ("result" in value && !isAmf3Value(value["result"])) return "bad result";
  if ("error" in value && (typeof value["error"] !== "string" || (value["error"] as string).length > MAX_CALL_ERROR_LENGTH)) return "bad error";
  if ("application" in value && !isAmf3Value(value["application"])) return "bad application";
  return null;
}

describe("application-call readers (fuzz)", () => {
  for (const kind of Object.keys(READERS)) {
    it(`${kind}: ${RUNS} random and mutated payloads read or refused, never thrown`, () => {
      const random = createRandom();
      const read = READERS[kind]!;
      for (const valid of VALID[kind]!) expect(read(JSON.parse(JSON.stringify(valid))).ok).withContext(`${JSON.stringify(valid)} (seed ${random.seed})`).toBeTrue();
      let accepted = 0;
      const problems: string[] = [];
      for (let i = 0; i < RUNS && problems.length < 5; i++) {
        const payload = random.chance(0.3) ? randomJson(random) : mutate(random, random.pick(VALID[kind]!));
        let parsed: Parsed<unknown>;
        try {
          parsed = read(payload);
        } catch (error) {
          problems.push(`threw ${String(error)} for ${JSON.stringify(payload)}`);
          continue;
        }
        if (!parsed.ok) {
          if (typeof parsed.error !== "string" || parsed.error === "") problems.push(`no reason for ${JSON.stringify(payload)}`);
          continue;
        }
        accepted++;
        const problem = problemWith(kind, parsed.value as Record<string, unknown>);
        if (problem !== null) problems.push(`${problem}: accepted ${JSON.stringify(payload)}`);
        const again = read(JSON.parse(JSON.stringify(parsed.value)));
        if (!again.ok || JSON.stringify(again.value) !== JSON.stringify(parsed.value)) problems.push(`reads differently again: ${JSON.stringify(parsed.value)}`);
      }
      expect(problems).withContext(`seed ${random.seed}`).toEqual([]);
      expect(accepted).withContext(`seed ${random.seed}`).toBeGreaterThan(RUNS / 100);
    });
  }
});
