/**
 * The entry of one server-side application's worker thread (built to dist/flashmesh-app-worker.mjs): imports the
 * application's module, runs its hooks and client methods for the main thread (server/apps/appThread.ts), and
 * carries values as AMF3 both ways. An exception in a hook or method becomes that request's error; one thrown
 * later (a timer's) is logged and the application keeps running, as FMS kept an application after a script error.
 */
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { decodeAmf3, encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { Application, Client, ClientResponders, clientMethod, type RuntimeChannel } from "./appRuntime.js";
import type { FromWorker, ToWorker } from "./workerProtocol.js";

const port = parentPort!;
const { timeoutMs } = workerData as { timeoutMs: number };

function post(message: FromWorker): void {
  port.postMessage(message);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `threw ${typeof error === "string" ? error : Object.prototype.toString.call(error)}`;
  return text.slice(0, 1000);
}

/** Pending connections: settled once, by the hook's return value or by acceptConnection/rejectConnection. */
const pendingConnects = new Map<Client, number>();
/** Clients by peer ID: pending and accepted. */
const clients = new Map<string, Client>();
const responders = new ClientResponders(timeoutMs);
let hooks: Record<string, unknown> = {};

const channel: RuntimeChannel = {
  clientCall(id, name, args, req) {
    let encoded: Uint8Array[];
    try {
      encoded = args.map((arg) => encodeAmf3(arg));
    } catch (error) {
      post({ t: "log", level: "warn", msg: `client.call("${name}"): arguments cannot be sent: ${describe(error)}` });
      return false;
    }
    if (!application.clients.some((client) => client.id === id)) return false;
    post({ t: "clientCall", id, name, args: encoded, ...(req === undefined ? {} : { req }) });
    return true;
  },
  drop(id, reason) {
    post({ t: "drop", id, reason });
  },
  settle(client, accepted, info, reason) {
    const n = pendingConnects.get(client);
    if (n === undefined) return;
    pendingConnects.delete(client);
    if (!accepted) {
      clients.delete(client.id);
      let application: Uint8Array | undefined;
      if (info !== undefined) {
        try {
          application = encodeAmf3(info);
        } catch (error) {
          post({ t: "log", level: "warn", msg: `rejectConnection: the info cannot be sent: ${describe(error)}` });
        }
      }
      post({ t: "verdict", n, accepted: false, reason, ...(application === undefined ? {} : { application }) });
      return;
    }
    application.clients.push(client);
    post({ t: "verdict", n, accepted: true, reason: "" });
  },
};

const application = new Application(String((workerData as { name: string }).name), channel);
(globalThis as Record<string, unknown>)["application"] = application;
(globalThis as Record<string, unknown>)["Client"] = Client;

/** A hook: the module's export, else the property set on `application`. */
function hook(name: "onAppStart" | "onConnect" | "onDisconnect" | "onAppStop"): Function | undefined {
  const exported = hooks[name];
  if (typeof exported === "function") return exported;
  const assigned = application[name];
  return typeof assigned === "function" ? assigned : undefined;
}

function exportedMethods(): Record<string, unknown> | undefined {
  const methods = hooks["clientMethods"];
  return typeof methods === "object" && methods !== null ? (methods as Record<string, unknown>) : undefined;
}

async function start(entry: string): Promise<void> {
  try {
    hooks = { ...((await import(pathToFileURL(entry).href)) as Record<string, unknown>) };
    await hook("onAppStart")?.call(application);
  } catch (error) {
    post({ t: "startFailed", error: describe(error) });
    return;
  }
  post({ t: "started", n: 0 });
}

async function connect(n: number, client: Client, args: readonly Uint8Array[]): Promise<void> {
  clients.set(client.id, client);
  pendingConnects.set(client, n);
  const onConnect = hook("onConnect");
  if (onConnect === undefined) return channel.settle(client, true, undefined, "");
  try {
    const values = args.map((bytes) => decodeAmf3(bytes));
    const verdict: unknown = await onConnect.call(application, client, ...values);
    if (verdict === true) channel.settle(client, true, undefined, "");
    else if (verdict === false) channel.settle(client, false, undefined, "the application rejected the connection");
    // Anything else leaves the connection pending until acceptConnection or rejectConnection (FMS), or the timeout.
  } catch (error) {
    channel.settle(client, false, undefined, `the application's onConnect failed: ${describe(error)}`);
  }
}

async function call(n: number, id: string, name: string, args: readonly Uint8Array[]): Promise<void> {
  const client = clients.get(id);
  const method = client !== undefined && application.clients.includes(client) ? clientMethod(client, name, exportedMethods()) : null;
  if (method === null) return post({ t: "result", n, error: `Method not found (${name}).` });
  let value: unknown;
  try {
    value = await method.fn.apply(method.self, args.map((bytes) => decodeAmf3(bytes)));
  } catch (error) {
    return post({ t: "result", n, error: `${name} failed: ${describe(error)}` });
  }
  let result: Uint8Array;
  try {
    result = encodeAmf3(value);
  } catch (error) {
    return post({ t: "result", n, error: `${name}: its result cannot be sent: ${describe(error)}` });
  }
  post({ t: "result", n, result });
}

async function disconnect(id: string): Promise<void> {
  const client = clients.get(id);
  if (client === undefined) return;
  clients.delete(id);
  pendingConnects.delete(client);
  responders.clientGone(id);
  const at = application.clients.indexOf(client);
  if (at < 0) return; // never accepted: FMS calls onDisconnect for accepted clients only
  application.clients.splice(at, 1);
  try {
    await hook("onDisconnect")?.call(application, client);
  } catch (error) {
    post({ t: "log", level: "warn", msg: `onDisconnect failed: ${describe(error)}` });
  }
}

async function stop(n: number): Promise<void> {
  try {
    await hook("onAppStop")?.call(application);
  } catch (error) {
    post({ t: "log", level: "warn", msg: `onAppStop failed: ${describe(error)}` });
  }
  post({ t: "stopped", n });
}

process.on("uncaughtException", (error) => post({ t: "log", level: "error", msg: `uncaught: ${describe(error)}` }));
process.on("unhandledRejection", (error) => post({ t: "log", level: "error", msg: `unhandled rejection: ${describe(error)}` }));

post({ t: "pong", n: 0 }); // booted: the watchdog starts counting from here
port.on("message", (message: ToWorker) => {
  switch (message.t) {
    case "start":
      return void start(message.entry);
    case "ping":
      return post({ t: "pong", n: message.n });
    case "connect":
      return void connect(message.n, new Client(message.client, channel, responders), message.args);
    case "call":
      return void call(message.n, message.id, message.name, message.args);
    case "clientResult": {
      let outcome: { value: unknown } | { error: string };
      try {
        outcome = message.result !== undefined ? { value: decodeAmf3(message.result) } : { error: message.error ?? "failed" };
      } catch (error) {
        outcome = { error: `the client's result does not decode: ${describe(error)}` };
      }
      return responders.answered(message.id, message.req, outcome);
    }
    case "disconnect":
      return void disconnect(message.id);
    case "stop":
      return void stop(message.n);
  }
});
