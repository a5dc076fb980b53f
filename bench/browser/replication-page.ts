/**
 * One member of bench:replication's WebRTC half, in its own page: a PeerJS peer on `flashmesh serve` joined to the
 * bench group with object replication, in Flash's file-share pattern. The seeder holds every object (real bytes, a
 * 64 KB ByteArray each by default); the others want them all and re-share each result at once, as archived
 * file-sharing SWFs do. Every member answers requests through an upload queue limited to `uploadKBps` (a home
 * uplink; on one machine the pages would otherwise share one CPU rather than each have its own link), as the
 * simulated half does. The benchmark drives it through `window.flashmeshReplicationMember`. Times are
 * `performance.timeOrigin + performance.now()`, comparable across the pages of one browser.
 */
import { createMeshNode, type GroupOverlay, type MeshNode, type ReplicationStrategy } from "../../as3-api/engine/index.js";
import { encodeAmf3 } from "../../as3-api/wire/amf3.js";
import { openPeerJSTransport } from "../../as3-api/transport/peerjs.js";

/** What a member reports when polled. */
export interface MemberProgress {
  readonly held: number;
  /** When this member held every object (page clock), or null. */
  readonly completeAt: number | null;
  /** When the transfer started (the seeder's clock when it offered the file; others: when they asked). */
  readonly startedAt: number | null;
  /** Objects this member's application wrote (answers sent). */
  readonly objectsSent: number;
  readonly neighbours: number;
}

const now = (): number => performance.timeOrigin + performance.now();
let node: MeshNode | null = null;
let group: GroupOverlay | null = null;
let objects = 0;
let held = 0;
let completeAt: number | null = null;
let startedAt: number | null = null;
let objectsSent = 0;
let busyUntil = 0;
let bytesPerMs = Infinity;
/** The AMF3 bytes of each object this member holds (the seeder's made up front, the others' as received). */
const store = new Map<number, Uint8Array>();

const member = {
  /** Joins the bench group; `uploadKBps` (0: unlimited) limits how fast this member's answers leave. */
  async start(serverUrl: string, groupId: string, uploadKBps: number): Promise<{ peerId: string }> {
    const url = new URL(serverUrl);
    node = createMeshNode(await openPeerJSTransport({ host: url.hostname, port: Number(url.port), app: "bench/" }));
    group = node.joinGroup(groupId, { objectReplication: true });
    bytesPerMs = uploadKBps > 0 ? (uploadKBps * 1024) / 1000 : Infinity;
    const joined = group;
    joined.addEventListener("replicationrequest", ({ detail }) => {
      const bytes = store.get(detail.index);
      if (bytes === undefined) return void joined.replication.deny(detail.requestId);
      // The upload queue: each answer leaves when the ones before it have, size ÷ rate later.
      busyUntil = Math.max(busyUntil, now()) + (bytesPerMs === Infinity ? 0 : bytes.byteLength / bytesPerMs);
      setTimeout(() => {
        if (joined.replication.write(detail.requestId, { bytes }) === "sent") objectsSent++;
      }, Math.max(0, busyUntil - now()));
    });
    joined.addEventListener("fetchresult", ({ detail }) => {
      store.set(detail.index, detail.payload);
      held++;
      joined.replication.addHave(detail.index, detail.index);
      if (held === objects) completeAt = now();
    });
    return { peerId: node.peerId };
  },
  neighbours(): number {
    return group?.neighbours.size ?? 0;
  },
  /** The seeder: `count` objects of `objectBytes` random bytes each, offered as 0 … count − 1. */
  seed(count: number, objectBytes: number): void {
    objects = count;
    for (let index = 0; index < count; index++) {
      const chunk = new Uint8Array(objectBytes);
      for (let offset = 0; offset < objectBytes; offset += 65_536) crypto.getRandomValues(chunk.subarray(offset, Math.min(objectBytes, offset + 65_536)));
      store.set(index, encodeAmf3(chunk));
    }
    held = count;
    startedAt = now();
    group!.replication.addHave(0, count - 1);
  },
  /** A fetcher: wants objects 0 … count − 1 with `strategy`. */
  want(count: number, strategy: ReplicationStrategy): void {
    objects = count;
    startedAt = now();
    group!.replication.strategy = strategy;
    group!.replication.addWant(0, count - 1);
  },
  progress(): MemberProgress {
    return { held, completeAt, startedAt, objectsSent, neighbours: group?.neighbours.size ?? 0 };
  },
  close(): void {
    node?.close();
  },
};

(globalThis as { flashmeshReplicationMember?: typeof member }).flashmeshReplicationMember = member;
