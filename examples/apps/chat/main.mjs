// A chat room as a server-side application (docs/server-apps.md): the server keeps who is here and the last
// messages, and calls the clients' NetConnection.client methods when someone joins, leaves or speaks.

/** Messages kept for newcomers. */
const HISTORY = 20;
const MAX_NAME = 32;
const MAX_TEXT = 500;

/** { from, text, date } of the last messages, oldest first. */
const history = [];

function names() {
  return application.clients.map((client) => client.name);
}

/** nc.connect("rtmfp://host/chat/", name): a free name of 1 to 32 characters, or Connect.Rejected saying why. */
export function onConnect(client, name) {
  const wanted = typeof name === "string" ? name.trim() : "";
  if (wanted === "" || wanted.length > MAX_NAME) {
    application.rejectConnection(client, { reason: "bad-name", message: `a name of 1 to ${MAX_NAME} characters, please` });
    return;
  }
  if (names().includes(wanted)) {
    application.rejectConnection(client, { reason: "name-taken", message: `${wanted} is already here` });
    return;
  }
  client.name = wanted;
  application.acceptConnection(client);
  client.call("userList", null, names());
  for (const other of application.clients) if (other !== client) other.call("userJoined", null, wanted);
}

export function onDisconnect(client) {
  application.broadcastMsg("userLeft", client.name);
}

export const clientMethods = {
  /** Says `text` to everyone (the speaker too); answers how many heard it. */
  say(text) {
    if (typeof text !== "string" || text === "" || text.length > MAX_TEXT) throw new Error(`say takes a text of 1 to ${MAX_TEXT} characters`);
    const entry = { from: this.name, text, date: new Date() };
    history.push(entry);
    if (history.length > HISTORY) history.shift();
    application.broadcastMsg("message", entry.from, entry.text, entry.date);
    return application.clients.length;
  },
  /** The last messages, oldest first. */
  history() {
    return history;
  },
};
