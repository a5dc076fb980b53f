/**
 * Two PeerJS peers in Chromium find each other through a group on a real `flashmesh serve` (started by
 * scripts/run-karma.mjs on 127.0.0.1) and exchange data over a WebRTC data channel; then relay() through the server.
 */
import { Peer, type DataConnection } from "peerjs";
import { groupIdOf, GroupSpecifier } from "../../as3-api/index.js";
import { openPeerJSTransport, peerSignalling, type PeerJSTransport } from "../../as3-api/transport/peerjs.js";
import { RendezvousClient } from "../../as3-api/transport/rendezvousClient.js";
import { serverUrl } from "./support/environment.js";

function openPeer(): Promise<Peer> {
  const url = serverUrl();
  const peer = new Peer({ host: url.hostname, port: Number(url.port), path: "/peerjs", key: "flashmesh", secure: false, config: { iceServers: [] }, debug: 0 });
  return new Promise((resolve, reject) => {
    peer.once("open", () => resolve(peer));
    peer.once("error", reject);
  });
}

function once<T>(register: (resolve: (value: T) => void) => void, what: string, ms = 15000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe("peers meeting through flashmesh serve", () => {
  const peers: Peer[] = [];
  afterEach(() => {
    for (const peer of peers.splice(0)) peer.destroy();
  });

  it("find each other in a group and exchange data peer to peer", async () => {
    const spec = new GroupSpecifier("browser-meeting");
    spec.postingEnabled = true;
    spec.serverChannelEnabled = true;
    const group = groupIdOf(spec.toString());

    const alice = await openPeer();
    const bob = await openPeer();
    peers.push(alice, bob);
    expect(alice.id).toMatch(/^[0-9a-f]{64}$/);
    const aliceRendezvous = new RendezvousClient(peerSignalling(alice));
    const bobRendezvous = new RendezvousClient(peerSignalling(bob));
    const welcome = await aliceRendezvous.hello("p2p-test/");
    await bobRendezvous.hello("p2p-test/");
    expect(welcome.serverId).toMatch(/^[0-9a-f]{64}$/);

    expect((await aliceRendezvous.join(group)).members).toEqual([]);
    const bobJoined = await bobRendezvous.join(group);
    expect(bobJoined.members).toEqual([alice.id]);
    expect(bobJoined.memberCount).toBe(2);

    const incoming = once<DataConnection>((resolve) => alice.on("connection", resolve), "alice's incoming connection");
    const toAlice = bob.connect(bobJoined.members[0]!, { reliable: true });
    await once<void>((resolve) => toAlice.on("open", () => resolve()), "bob's connection to open");
    const fromBob = await incoming;
    await once<void>((resolve) => (fromBob.open ? resolve() : fromBob.on("open", () => resolve())), "alice's side to open");

    const atAlice = once<unknown>((resolve) => fromBob.on("data", resolve), "data at alice");
    await toAlice.send({ text: "hello alice", n: 1 });
    expect(await atAlice).toEqual({ text: "hello alice", n: 1 });
    const atBob = once<unknown>((resolve) => toAlice.on("data", resolve), "data at bob");
    await fromBob.send("hello bob");
    expect(await atBob).toBe("hello bob");
    expect(fromBob.peer).toBe(bob.id);

    const relayed = once<[string, unknown[]]>((resolve) => (aliceRendezvous.onRelay = (from, args) => resolve([from, args])), "relay at alice");
    bobRendezvous.relay(alice.id, ["onIm", "hi via server"]);
    expect(await relayed).toEqual([bob.id, ["onIm", "hi via server"]]);
  });
});

describe("a PeerJS transport whose server socket drops", () => {
  it("resumes under the same peer ID with its resume token, keeps its group membership and still gets relays", async () => {
    const url = serverUrl();
    const open = (): Promise<PeerJSTransport> => openPeerJSTransport({ host: url.hostname, port: Number(url.port), app: "resume-test/" });
    const alice = await open();
    const bob = await open();
    try {
      const group = groupIdOf(new GroupSpecifier(`resume-${Math.random()}`).toString());
      const lost: string[] = [];
      alice.setHandler({ relayed: () => undefined, lost: (error) => lost.push(error.message) });
      await new Promise<void>((resolve) => alice.join(group, true, () => resolve()));
      const firstToken = alice.client.resumeToken;
      const id = alice.peerId;
      // A network blip: the signalling WebSocket closes under the transport.
      (alice.peer.socket as unknown as { _socket: WebSocket })._socket.close();
      await waitFor(() => alice.client.resumeToken !== firstToken, "a fresh resume token after reconnecting");
      expect(alice.peerId).toBe(id);
      expect(lost).toEqual([]);
      const relayed = once<unknown[]>((resolve) => alice.setHandler({ relayed: (_from, args) => resolve(args), lost: (error) => lost.push(error.message) }), "a relay after resuming");
      bob.relay(id, ["after the blip"], (error) => fail(error.message));
      expect(await relayed).toEqual(["after the blip"]);
      // Still a member: a newcomer is handed alice.
      const members = await new Promise<readonly string[]>((resolve) => bob.join(group, true, (result) => resolve(result.ok ? result.members : [])));
      expect(members).toContain(id);
    } finally {
      alice.close();
      bob.close();
    }
  });
});

async function waitFor(condition: () => boolean, what: string, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
