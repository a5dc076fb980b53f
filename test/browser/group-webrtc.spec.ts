/**
 * The group suite over real WebRTC: 8 peers in this page, each a PeerJS peer on the real `flashmesh serve` started
 * for the run, meeting through the rendezvous and talking over data channels. A crash here is silent loss: see
 * {@link cutNetwork}. (test/e2e/chat.spec.ts kills a peer's whole browser process too.)
 */
import { createMeshNode, type MeshNode } from "../../as3-api/engine/index.js";
import { openPeerJSTransport, type PeerJSTransport } from "../../as3-api/transport/peerjs.js";
import { runGroupSuite, type GroupHarness } from "../shared/group-suite.js";
import { serverUrl } from "./support/environment.js";

/** What cutNetwork froze, to really close at the end of the spec. */
interface Frozen {
  readonly connections: RTCPeerConnection[];
  readonly sockets: WebSocket[];
}

const doNothing = (): void => undefined;

/**
 * Cuts a peer off the network as a pulled cable would, at its own end: nothing it sends on its data channels or its
 * signalling socket leaves, nothing sent to it is read, and nothing is closed (no data channel close, no SCTP
 * shutdown, no PeerJS LEAVE, no socket close). The other members' links stay open: they can learn of the loss only
 * from their own liveness checks. (The browser still answers ICE and SCTP keep-alives for the frozen connections,
 * which a real cut would not: that makes the loss harder to notice, not easier.)
 */
function cutNetwork(transport: PeerJSTransport, frozen: Frozen): void {
  const peer = transport.peer as unknown as {
    connections: Record<string, { close(): void; send(data: unknown): void; dataChannel?: RTCDataChannel | null; peerConnection?: RTCPeerConnection | null }[]>;
    socket: { _socket?: WebSocket };
  };
  for (const connection of Object.values(peer.connections).flat()) {
    connection.close = doNothing;
    connection.send = doNothing;
    const channel = connection.dataChannel;
    if (channel) {
      channel.onmessage = null;
      channel.onclose = null;
      channel.onerror = null;
      channel.send = doNothing;
      channel.close = doNothing;
    }
    const pc = connection.peerConnection;
    if (pc) {
      pc.oniceconnectionstatechange = null;
      pc.onconnectionstatechange = null;
      pc.close = doNothing;
      frozen.connections.push(pc);
    }
  }
  const socket = peer.socket._socket;
  if (socket) {
    socket.onmessage = null;
    socket.onclose = null;
    socket.send = doNothing;
    socket.close = doNothing;
    frozen.sockets.push(socket);
  }
}

function webrtcHarness(): GroupHarness {
  const nodes: MeshNode[] = [];
  const frozen: Frozen = { connections: [], sockets: [] };
  return {
    patienceMs: 1,
    async createPeers(count) {
      const url = serverUrl();
      const created: MeshNode[] = [];
      // One after another: registering many PeerJS peers at once is slow (platform notes).
      for (let i = 0; i < count; i++) {
        const transport = await openPeerJSTransport({ host: url.hostname, port: Number(url.port), app: "group-suite/" });
        const node = createMeshNode(transport);
        created.push(node);
        nodes.push(node);
      }
      return created;
    },
    async waitFor(condition, timeoutMs, what) {
      const deadline = performance.now() + timeoutMs;
      while (!condition()) {
        if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    settle: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    crash(node) {
      const crashed = nodes.find((candidate) => candidate.peerId === node.peerId);
      if (crashed === undefined) throw new Error(`no peer ${node.peerId} to crash`);
      cutNetwork(crashed.links as PeerJSTransport, frozen);
    },
    async dispose() {
      for (const node of nodes.splice(0)) node.close();
      // The frozen peer's connections and socket, really closed now (a page holds only ~500 connections).
      for (const pc of frozen.connections.splice(0)) RTCPeerConnection.prototype.close.call(pc);
      for (const socket of frozen.sockets.splice(0)) WebSocket.prototype.close.call(socket);
      await new Promise((resolve) => setTimeout(resolve, 300));
    },
  };
}

runGroupSuite("real WebRTC through flashmesh serve", webrtcHarness, 8);
