/**
 * Posting, as a group service: `post` frames pushed down the {@link Plumtree} broadcast tree, `ihave`/`graft`/`prune`
 * keeping the tree (wire/frames/posting.ts), and the checks every post passes before it is delivered or forwarded:
 * its ID is the SHA-256 of its AMF3 bytes, the bytes are AMF3, and in a group with a posting password its tag is
 * valid (wire/postAuthorization.ts). A post that fails is counted and dropped, and not remembered, so a forged copy
 * cannot shadow the genuine post. Event: `post`.
 */
import { bytesToHex } from "../wire/bytes.js";
import { encodeFrame, type PostingFrame } from "../wire/frames.js";
import { equalBytes, postTag, unwrapPost, wrapPost } from "../wire/postAuthorization.js";
import { sha256 } from "../wire/sha256.js";
import { amf3Value, UNDECODABLE, type Amf3Payload } from "./amf3Payload.js";
import type { GroupContext, GroupService } from "./host.js";
import type { Neighbours } from "./neighbours.js";
import { Plumtree } from "./Plumtree.js";

/** One member's posting in one group. */
export class Posting implements GroupService<PostingFrame> {
  readonly frameTypes = ["post", "ihave", "graft", "prune"] as const;
  readonly tree: Plumtree;
  /** The last post frame encoded: one post goes to several neighbours with the same hop count. */
  #lastPost: { messageId: string; hops: number; direct: boolean; bytes: Uint8Array } | null = null;

  constructor(
    private readonly group: GroupContext,
    neighbours: Neighbours,
  ) {
    const { tag } = group;
    this.tree = new Plumtree(
      {
        scheduler: group.host.scheduler,
        random: group.options.random,
        neighbours: () => neighbours.neighbours.keys(),
        isRingNeighbour: (peerId) => neighbours.ringPeers().has(peerId),
        fullMesh: () => neighbours.fullMesh(),
        settled: () => neighbours.settled(),
        sendPost: (peerId, messageId, hops, payload, direct) => {
          const last = this.#lastPost;
          if (last === null || last.messageId !== messageId || last.hops !== hops || last.direct !== direct) {
            this.#lastPost = { messageId, hops, direct, bytes: encodeFrame({ type: "post", group: tag, messageId, hops, direct, payload }) };
          }
          group.sendBytes(peerId, this.#lastPost!.bytes, "post");
        },
        sendIHave: (peerId, announcements) => void group.send(peerId, { type: "ihave", group: tag, announcements }),
        sendGraft: (peerId, messageIds) => void group.send(peerId, { type: "graft", group: tag, messageIds }),
        sendPrune: (peerId) => void group.send(peerId, { type: "prune", group: tag }),
        deliver: (messageId, payload, hops) => this.#deliver(messageId, payload, hops),
      },
      group.options.plumtree,
    );
  }

  /** Counters of the broadcast (payload copies, duplicates, grafts, prunes). */
  get stats(): Plumtree["stats"] {
    return this.tree.stats;
  }

  /**
   * Posts `message` to every member and returns its messageID: the hex SHA-256 of its AMF3 bytes (reference §1.2),
   * so identical messages share an ID and a repeat is not sent again.
   */
  post(message: Amf3Payload): string {
    const messageId = bytesToHex(sha256(message.bytes));
    const key = this.group.options.postingAuthorization.key;
    this.tree.broadcast(messageId, wrapPost(message.bytes, key === null ? null : postTag(key, messageId)));
    return messageId;
  }

  receive(from: string, frame: PostingFrame): void {
    switch (frame.type) {
      case "post": return this.tree.onPost(from, frame.messageId, frame.hops, frame.payload, frame.direct);
      case "ihave": return this.tree.onIHave(from, frame.announcements);
      case "graft": return this.tree.onGraft(from, frame.messageIds);
      case "prune": return this.tree.onPrune(from);
    }
  }

  neighbourAdded(peerId: string): void {
    this.tree.neighbourAdded(peerId);
  }

  neighbourRemoved(peerId: string): void {
    this.tree.neighbourRemoved(peerId);
  }

  heartbeat(): void {
    this.tree.expire();
  }

  close(): void {
    this.tree.close();
  }

  /** Checks a post and hands it to the application; false (counted) when it fails a check. */
  #deliver(messageId: string, payload: Uint8Array, hops: number): boolean {
    const { stats, options } = this.group;
    const envelope = unwrapPost(payload);
    if (envelope === null) {
      stats.malformedPayloads++;
      return false;
    }
    if (bytesToHex(sha256(envelope.message)) !== messageId) {
      stats.forgedMessageIds++;
      return false;
    }
    const { required, key } = options.postingAuthorization;
    if (required && (envelope.tag === null || (key !== null && !equalBytes(envelope.tag, postTag(key, messageId))))) {
      stats.unauthorizedPosts++;
      return false;
    }
    const message = amf3Value({ bytes: envelope.message }, options.amfLimits);
    if (message === UNDECODABLE) {
      stats.malformedPayloads++;
      return false;
    }
    this.group.emit("post", { message, payload: envelope.message, messageId, hops });
    return true;
  }
}
