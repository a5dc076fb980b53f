/**
 * The in-page half of bench:mesh: N real WebRTC peers in this page, each a PeerJS peer on `flashmesh serve`, form
 * a group; then one-hop latency (a directed message to a neighbour) and post-to-all latency are measured with the
 * page's one clock. Exposed as `window.flashmeshMeshBench`.
 */
import type { GroupOverlay } from "../../as3-api/engine/GroupOverlay.js";
import { MeshNode } from "../../as3-api/engine/MeshNode.js";
import { openPeerJSTransport } from "../../as3-api/transport/peerjs.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function run(serverUrl: string, peers: number, posts: number): Promise<Record<string, number>> {
  const url = new URL(serverUrl);
  const group = "be5c4".padEnd(64, "0");
  const nodes: MeshNode[] = [];
  for (let i = 0; i < peers; i++) nodes.push(new MeshNode(await openPeerJSTransport({ host: url.hostname, port: Number(url.port), app: "bench/" })));
  const groups = nodes.map((node) => node.joinGroup(group));
  const ring = [...groups].sort((a, b) => (a.self.address < b.self.address ? -1 : 1));
  const started = performance.now();
  while (!ring.every((g, i) => g.neighbours.has(ring[(i + 1) % ring.length]!.self.peerId))) {
    if (performance.now() - started > 60_000) throw new Error("the ring did not close within 60 s");
    await sleep(100);
  }
  const ringClosedMs = performance.now() - started;
  await sleep(2000);

  const oneHop: number[] = [];
  for (const g of groups) g.addEventListener("sendto", (event) => void oneHop.push(performance.now() - (event.detail.message as { t: number }).t));
  for (let i = 0; i < 200; i++) {
    const from = groups[i % groups.length]!;
    const neighbours = [...from.neighbours.values()];
    const to = neighbours[Math.floor(Math.random() * neighbours.length)]!;
    const message = { t: performance.now(), i };
    from.sendToNearest(to.address, encodeAmf3(message), message);
    await sleep(10);
  }
  await sleep(1000);

  const deliveries: number[] = [];
  const hops: number[] = [];
  const arrivals = new Map<number, number[]>();
  const listen = (g: GroupOverlay): void =>
    g.addEventListener("post", (event) => {
      const { t, seq } = event.detail.message as { t: number; seq: number };
      const latency = performance.now() - t;
      deliveries.push(latency);
      hops.push(event.detail.hops);
      arrivals.set(seq, [...(arrivals.get(seq) ?? []), latency]);
    });
  groups.forEach(listen);
  for (let p = 0; p < 5; p++) {
    groups[p % groups.length]!.post({ t: performance.now(), seq: -1 - p, warmUp: true });
    await sleep(200);
  }
  deliveries.length = 0;
  hops.length = 0;
  for (let p = 0; p < posts; p++) {
    groups[Math.floor(Math.random() * groups.length)]!.post({ t: performance.now(), seq: p, text: "bench" });
    await sleep(100);
  }
  await sleep(2000);
  const toAll = [...arrivals.entries()].filter(([seq, list]) => seq >= 0 && list.length === peers - 1).map(([, list]) => Math.max(...list));
  const complete = [...arrivals.entries()].filter(([seq]) => seq >= 0).every(([, list]) => list.length === peers - 1) && arrivals.size >= posts + 5;
  const neighbours = groups.map((g) => g.neighbours.size);
  for (const node of nodes) node.close();
  return {
    peers,
    ringClosedMs,
    neighboursMean: neighbours.reduce((a, b) => a + b, 0) / neighbours.length,
    oneHopSamples: oneHop.length,
    oneHopP50Ms: percentile(oneHop, 50),
    oneHopP99Ms: percentile(oneHop, 99),
    posts,
    deliveryComplete: complete ? 1 : 0,
    postDeliveryP50Ms: percentile(deliveries, 50),
    postDeliveryP99Ms: percentile(deliveries, 99),
    postToAllP50Ms: percentile(toAll, 50),
    postToAllP99Ms: percentile(toAll, 99),
    hopsP50: percentile(hops, 50),
    hopsP99: percentile(hops, 99),
    postToAllP50OverOneHopP50: percentile(toAll, 50) / percentile(oneHop, 50),
  };
}

(globalThis as { flashmeshMeshBench?: typeof run }).flashmeshMeshBench = run;
