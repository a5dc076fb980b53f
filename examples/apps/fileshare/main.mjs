// A file-share registry as a server-side application (docs/server-apps.md): clients say which files they have, and
// the server introduces a downloader to sharers of the file (the peers then connect to each other directly).

/** At most this many sharers are introduced to one downloader. */
const INTRODUCTIONS = 4;
const MAX_NAME = 200;
const MAX_HASH = 128;

/** File name → its size (as its first sharer said), its hash (as the first sharer that gave one said) and the clients sharing it. */
const files = new Map();

function checkName(name) {
  if (typeof name !== "string" || name === "" || name.length > MAX_NAME) throw new Error(`a file name of 1 to ${MAX_NAME} characters, please`);
  return name;
}

/** A content hash is optional ("" when not given): any text of up to 128 characters the sharers agree on. */
function checkHash(hash) {
  if (hash === undefined || hash === null) return "";
  if (typeof hash !== "string" || hash.length > MAX_HASH) throw new Error(`a hash of up to ${MAX_HASH} characters, please`);
  return hash;
}

export function onConnect() {
  return true;
}

export function onDisconnect(client) {
  for (const [name, file] of files) {
    file.sharers.delete(client);
    if (file.sharers.size === 0) files.delete(name);
  }
}

export const clientMethods = {
  /**
   * The caller shares `name` (`size` in bytes and an optional content `hash`, as it says; the file keeps the first
   * ones given); answers how many share it now. A hash other than the file's is refused: that is another file.
   */
  share(name, size, hash) {
    const given = checkHash(hash);
    const file = files.get(checkName(name)) ?? { size: Number(size) || 0, hash: given, sharers: new Set() };
    if (given !== "" && file.hash !== "" && given !== file.hash) throw new Error(`${name} is shared with another hash`);
    if (file.hash === "") file.hash = given;
    file.sharers.add(this);
    files.set(name, file);
    return file.sharers.size;
  },
  /** The caller stops sharing `name`. */
  unshare(name) {
    const file = files.get(checkName(name));
    file?.sharers.delete(this);
    if (file !== undefined && file.sharers.size === 0) files.delete(name);
    return true;
  },
  /** Every file with its size, its hash ("" if no sharer gave one) and how many share it. */
  list() {
    return [...files].map(([name, file]) => ({ name, size: file.size, hash: file.hash, sharers: file.sharers.size }));
  },
  /**
   * Introduces the caller to up to four sharers of `name`: answers the file's size and hash and their peer IDs, and
   * calls downloaderArrived(callerPeerID, name) on each of them.
   */
  download(name) {
    const file = files.get(checkName(name));
    const sharers = file === undefined ? [] : [...file.sharers].filter((client) => client !== this).slice(0, INTRODUCTIONS);
    if (sharers.length === 0) throw new Error(`no one shares ${name}`);
    for (const sharer of sharers) sharer.call("downloaderArrived", null, this.id, name);
    return { name, size: file.size, hash: file.hash, sharers: sharers.map((client) => client.id) };
  },
};
