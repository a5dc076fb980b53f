/**
 * The engine's media service (engine/media/DirectMedia.ts) on its own, over a recording MediaCalls: when a call is
 * made (only after the player's want frame), what it carries, how receiveVideo/receiveAudio and device changes swap
 * tracks without a new call, when a new call is made, and that bad frames and stray calls are dropped and counted.
 * The same service runs over real WebRTC in test/browser/media-webrtc.spec.ts.
 */
import { DirectMedia, type MediaHost } from "../../as3-api/engine/media/DirectMedia.js";
import type { Links } from "../../as3-api/transport/links.js";
import type { MediaCall, MediaCalls, MediaKind } from "../../as3-api/transport/mediaCalls.js";
import { SimulatedScheduler } from "../../as3-api/transport/scheduler.js";
import { encodeMediaFrame } from "../../as3-api/wire/mediaFrames.js";

/** A track as far as the service looks at it. */
const track = (kind: MediaKind, id: string): MediaStreamTrack => ({ kind, id }) as unknown as MediaStreamTrack;

class FakeStream {
  constructor(readonly tracks: MediaStreamTrack[]) {}
  getTracks(): MediaStreamTrack[] {
    return this.tracks;
  }
}

class RecordingCall implements MediaCall {
  onStream: ((stream: MediaStream) => void) | null = null;
  onClose: (() => void) | null = null;
  readonly peerConnection = null;
  readonly sent = new Map<MediaKind, MediaStreamTrack | null>();
  readonly bitrates = new Map<MediaKind, number>();
  closed = false;
  answered = false;
  constructor(
    readonly remotePeerId: string,
    readonly metadata: Readonly<Record<string, string>>,
    readonly kinds: readonly MediaKind[],
  ) {}
  answer(): void {
    this.answered = true;
  }
  async replaceTrack(kind: MediaKind, value: MediaStreamTrack | null): Promise<boolean> {
    if (!this.kinds.includes(kind)) return false;
    this.sent.set(kind, value);
    return true;
  }
  async setMaxBitrate(kind: MediaKind, bitsPerSecond: number): Promise<void> {
    this.bitrates.set(kind, bitsPerSecond);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
  }
}

class RecordingCalls implements MediaCalls {
  onCall: ((call: MediaCall) => void) | null = null;
  readonly made: RecordingCall[] = [];
  call(peerId: string, stream: MediaStream, metadata: Readonly<Record<string, string>>): MediaCall {
    const call = new RecordingCall(peerId, metadata, stream.getTracks().map((t) => t.kind as MediaKind));
    this.made.push(call);
    return call;
  }
}

function host(calls: RecordingCalls | undefined): MediaHost & { frames: { peerId: string; bytes: Uint8Array }[] } {
  const frames: { peerId: string; bytes: Uint8Array }[] = [];
  return {
    frames,
    scheduler: new SimulatedScheduler(),
    links: { media: calls } as unknown as Links,
    sendEncoded: (peerId, bytes) => {
      frames.push({ peerId, bytes });
      return true;
    },
    addService: () => undefined,
  };
}

const PLAYER = "b".repeat(64);
const NONCE = "c".repeat(64);
const want = (audio: boolean, video: boolean): Uint8Array => encodeMediaFrame({ type: "want", nonce: NONCE, audio, video });

describe("DirectMedia (the engine's media service)", () => {
  const original = (globalThis as { MediaStream?: unknown }).MediaStream;
  beforeAll(() => {
    (globalThis as { MediaStream?: unknown }).MediaStream = FakeStream;
  });
  afterAll(() => {
    (globalThis as { MediaStream?: unknown }).MediaStream = original;
  });

  it("calls a subscriber only after its want frame, with the feed's tracks, named by the player's nonce", () => {
    const calls = new RecordingCalls();
    const media = new DirectMedia(host(calls));
    const feed = media.feed();
    const camera = track("video", "camera");
    feed.setTrack("video", camera);
    feed.addSubscriber(PLAYER, NONCE.toUpperCase());
    expect(calls.made.length).toBe(0);
    media.receive(PLAYER, want(true, true));
    expect(calls.made.length).toBe(1);
    const call = calls.made[0]!;
    expect(call.remotePeerId).toBe(PLAYER);
    expect(call.metadata).toEqual({ flashmesh: "direct", nonce: NONCE });
    expect(call.kinds).toEqual(["video"]);
    expect(call.sent.get("video")).toBe(camera);
  });

  it("receiveVideo(false) and a new camera swap the sender's track; a microphone added makes a new call", () => {
    const calls = new RecordingCalls();
    const media = new DirectMedia(host(calls));
    const feed = media.feed();
    feed.setTrack("video", track("video", "camera 1"));
    feed.addSubscriber(PLAYER, NONCE);
    media.receive(PLAYER, want(true, true));
    const first = calls.made[0]!;
    media.receive(PLAYER, want(true, false));
    expect(first.sent.get("video")).toBeNull();
    media.receive(PLAYER, want(true, true));
    const second = track("video", "camera 2");
    feed.setTrack("video", second);
    expect(first.sent.get("video")).toBe(second);
    expect(calls.made.length).toBe(1);
    feed.setMaxBitrate("video", 256_000);
    expect(first.bitrates.get("video")).toBe(256_000);

    const microphone = track("audio", "microphone");
    feed.setTrack("audio", microphone);
    expect(first.closed).toBeTrue();
    expect(calls.made.length).toBe(2);
    expect(calls.made[1]!.kinds).toEqual(["audio", "video"]);
    expect(calls.made[1]!.sent.get("audio")).toBe(microphone);
    feed.setTrack("audio", null);
    feed.setTrack("video", null);
    expect(calls.made[1]!.closed).toBeTrue();
  });

  it("a call that ends while the subscriber lives is made again (bounded); a closed outlet is not", () => {
    const calls = new RecordingCalls();
    const h = host(calls);
    const media = new DirectMedia(h);
    const feed = media.feed();
    feed.setTrack("video", track("video", "camera"));
    const outlet = feed.addSubscriber(PLAYER, NONCE);
    media.receive(PLAYER, want(false, true));
    calls.made[0]!.close();
    (h.scheduler as SimulatedScheduler).runFor(1000);
    expect(calls.made.length).toBe(2);
    expect(media.stats.recalls).toBe(1);
    for (let i = 0; i < 10; i++) {
      calls.made.at(-1)!.close();
      (h.scheduler as SimulatedScheduler).runFor(1000);
    }
    expect(calls.made.length).toBe(6);
    outlet.close();
    expect(calls.made.every((call) => call.closed)).toBeTrue();
  });

  it("a player's inlet asks with a want frame, answers its publisher's call, and hears the stream and its end", () => {
    const calls = new RecordingCalls();
    const h = host(calls);
    const media = new DirectMedia(h);
    const heard: string[] = [];
    const inlet = media.inlet(PLAYER, NONCE, { stream: () => heard.push("stream"), streamEnded: () => heard.push("ended") });
    inlet.want(true, false);
    expect(h.frames.map((frame) => frame.peerId)).toEqual([PLAYER]);
    expect(h.frames[0]!.bytes).toEqual(want(true, false));
    const call = new RecordingCall(PLAYER, { flashmesh: "direct", nonce: NONCE }, ["video"]);
    calls.onCall!(call);
    expect(call.answered).toBeTrue();
    call.onStream!({} as MediaStream);
    // A new call within the wait replaces the ended one without an end; past the wait, the end is told.
    call.close();
    (h.scheduler as SimulatedScheduler).runFor(1000);
    const next = new RecordingCall(PLAYER, { flashmesh: "direct", nonce: NONCE }, ["audio", "video"]);
    calls.onCall!(next);
    next.onStream!({} as MediaStream);
    (h.scheduler as SimulatedScheduler).runFor(5000);
    expect(heard).toEqual(["stream", "stream"]);
    next.close();
    (h.scheduler as SimulatedScheduler).runFor(1999);
    expect(heard).toEqual(["stream", "stream"]);
    (h.scheduler as SimulatedScheduler).runFor(1);
    expect(heard).toEqual(["stream", "stream", "ended"]);
  });

  it("drops and counts malformed frames, wants for no subscriber, and calls nobody expected", () => {
    const calls = new RecordingCalls();
    const media = new DirectMedia(host(calls));
    media.receive(PLAYER, Uint8Array.from([3, 1, 0]));
    media.receive(PLAYER, want(true, true));
    const stranger = new RecordingCall("d".repeat(64), { flashmesh: "direct", nonce: NONCE }, ["video"]);
    calls.onCall!(stranger);
    const other = new RecordingCall(PLAYER, { something: "else" }, ["video"]);
    calls.onCall!(other);
    expect(media.stats).toEqual(jasmine.objectContaining({ malformedFrames: 1, strayFrames: 1, strayCalls: 2 }));
    expect(stranger.closed && other.closed).toBeTrue();
    expect(stranger.answered || other.answered).toBeFalse();
  });

  it("without media calls (memory network, LAN) nothing is sent", () => {
    const media = new DirectMedia(host(undefined));
    expect(media.calls).toBeNull();
    const feed = media.feed();
    feed.setTrack("video", track("video", "camera"));
    feed.addSubscriber(PLAYER, NONCE);
    expect(() => media.receive(PLAYER, want(true, true))).not.toThrow();
  });
});
