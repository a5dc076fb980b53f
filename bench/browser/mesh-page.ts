/**
 * One peer of bench:mesh, in its own page (so peers run in parallel, each with its own renderer thread, as real
 * peers would): a PeerJS peer on `flashmesh serve` joined to the bench group. The benchmark drives it through
 * `window.flashmeshMeshPeer`. Times are `performance.timeOrigin + performance.now()`, comparable across the pages of
 * one browser.
 */
import { amf3PayloadOf, createMeshNode, type GroupOverlay, type MeshNode } from "../../as3-api/engine/index.js";
import type { LinkConditions } from "../../as3-api/transport/links.js";
import { openPeerJSTransport } from "../../as3-api/transport/peerjs.js";

/** A message received: its kind, sequence number, one-way latency and hops. */
export interface Receipt {
  readonly kind: "post" | "direct";
  readonly seq: number;
  readonly latencyMs: number;
  readonly hops: number;
}

const now = (): number => performance.timeOrigin + performance.now();
let group: GroupOverlay | null = null;
let node: MeshNode | null = null;
const receipts: Receipt[] = [];

const peer = {
  /** Joins the bench group; `conditions`: delay, jitter and loss this peer's links impose on what they send. */
  async start(serverUrl: string, groupId: string, conditions: LinkConditions | null = null): Promise<{ peerId: string; address: string }> {
    const url = new URL(serverUrl);
    const options = { host: url.hostname, port: Number(url.port), app: "bench/" };
    node = createMeshNode(await openPeerJSTransport(conditions === null ? options : { ...options, linkConditions: conditions }));
    group = node.joinGroup(groupId);
    group.addEventListener("post", (event) => {
      const { t, seq } = event.detail.message as { t: number; seq: number };
      receipts.push({ kind: "post", seq, latencyMs: now() - t, hops: event.detail.hops });
    });
    group.addEventListener("sendto", (event) => {
      const { t, seq } = event.detail.message as { t: number; seq: number };
      receipts.push({ kind: "direct", seq, latencyMs: now() - t, hops: 1 });
    });
    return { peerId: node.peerId, address: group.self.address };
  },
  neighbours(): { peerId: string; address: string }[] {
    return [...(group?.neighbours.values() ?? [])].map(({ peerId, address }) => ({ peerId, address }));
  },
  post(seq: number): void {
    group!.post(amf3PayloadOf({ t: now(), seq, text: "bench" }));
  },
  sendTo(address: string, seq: number): string {
    const message = { t: now(), seq };
    return group!.sendToNearest(address, amf3PayloadOf(message));
  },
  takeReceipts(): Receipt[] {
    return receipts.splice(0);
  },
  close(): void {
    node?.close();
  },
};

(globalThis as { flashmeshMeshPeer?: typeof peer }).flashmeshMeshPeer = peer;
