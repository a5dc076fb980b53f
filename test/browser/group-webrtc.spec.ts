/**
 * The group suite over real WebRTC: 8 peers in this page, each a PeerJS peer on the real `flashmesh serve` started
 * for the run, meeting through the rendezvous and talking over data channels.
 */
import { createMeshNode, type MeshNode } from "../../as3-api/engine/index.js";
import { openPeerJSTransport, type PeerJSTransport } from "../../as3-api/transport/peerjs.js";
import { runGroupSuite, type GroupHarness } from "../shared/group-suite.js";
import { serverUrl } from "./support/environment.js";

function webrtcHarness(): GroupHarness {
  const nodes: MeshNode[] = [];
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
      // Gone without a goodbye: the peer's connections drop, no LEAVE is sent.
      const crashed = nodes.find((candidate) => candidate.peerId === node.peerId);
      (crashed?.links as PeerJSTransport | undefined)?.peer.destroy();
    },
    async dispose() {
      for (const node of nodes.splice(0)) node.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
    },
  };
}

runGroupSuite("real WebRTC through flashmesh serve", webrtcHarness, 8);
