// The specs' application: every hook and what the SWF / page side can reach (test/node/server-apps.spec.ts,
// test/browser/server-apps.spec.ts).
let started = 0;

export function onAppStart() {
  started = application.name === "echo" ? 1 : -1;
}

export function onConnect(client, name, options) {
  if (name === "reject-me") {
    application.rejectConnection(client, { message: "not you", since: new Date(0), options });
    return;
  }
  if (name === "refuse-me") return false;
  if (name === "throw-me") throw new Error("onConnect refused by throwing");
  if (name === "later") {
    setTimeout(() => application.acceptConnection(client), 20);
    return;
  }
  client.name = name;
  client.connectArgs = [name, options];
  client.shout = function (text) {
    return `${String(text).toUpperCase()} from ${this.name}`;
  };
  return true;
}

export function onDisconnect(client) {
  application.broadcastMsg("left", client.name ?? client.id);
}

export const clientMethods = {
  echo(...args) {
    return args;
  },
  async later(value) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    return value;
  },
  fail(message) {
    throw new Error(message);
  },
  rejectPromise(message) {
    return Promise.reject(new Error(message));
  },
  whoami() {
    return { id: this.id, ip: this.ip, farID: this.farID, nearID: this.nearID, name: this.name, started, clients: application.clients.map((client) => client.name) };
  },
  connectArgs() {
    return this.connectArgs;
  },
  /** Calls `method` on this client and answers with what came back: { result } or { status }. */
  askMe(method, ...args) {
    return new Promise((resolve) => {
      const sent = this.call(method, { onResult: (value) => resolve({ result: value }), onStatus: (info) => resolve({ status: info }) }, ...args);
      if (!sent) resolve({ notSent: true });
    });
  },
  /** Calls `method` on this client without waiting; lastAnswer() tells what came back. */
  askAndRemember(method, ...args) {
    this.lastAnswer = undefined;
    return this.call(method, { onResult: (value) => (this.lastAnswer = { result: value }), onStatus: (info) => (this.lastAnswer = { status: info }) }, ...args);
  },
  lastAnswer() {
    return this.lastAnswer ?? null;
  },
  broadcast(method, ...args) {
    application.broadcastMsg(method, ...args);
    return application.clients.length;
  },
  kickMe() {
    setTimeout(() => application.disconnect(this), 10);
    return true;
  },
  /** A typed object made the way docs/server-apps.md says (the SWF gets an instance of its registered class). */
  makePoint(x, y) {
    const point = { x, y };
    Object.defineProperty(point, Symbol.for("flashmesh.amf3.traits"), { value: { className: "com.example.Point", sealed: ["x", "y"], dynamic: false } });
    return point;
  },
  /** Throws from a timer and rejects a promise nobody handles, after answering: the application must live on. */
  throwLater() {
    setTimeout(() => {
      throw new Error("thrown from a timer");
    }, 0);
    Promise.reject(new Error("nobody handles this"));
    return "soon";
  },
  never() {
    return new Promise(() => undefined);
  },
  unsendable() {
    return () => 1;
  },
};
