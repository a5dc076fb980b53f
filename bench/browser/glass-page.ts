/**
 * The page of bench:media's glass-to-glass figure, loaded twice in one Chromium (a publisher page and a viewer page,
 * each in its own browser context, so each has its own renderer process and both read the same system clock).
 *
 * The publisher's camera is a 320 × 240 canvas redrawn 30 times a second with its draw time stamped into it as
 * blocks (frameStamp.ts), captured with `canvas.captureStream()`. flashmesh's Camera gets it because this page
 * replaces `navigator.mediaDevices.getUserMedia` for video (no product code changes: the library's devices.ts asks
 * the browser as always, and the bench answers). The viewer reads every frame its `<video>` presents
 * (requestVideoFrameCallback), draws the stamp's area into a small canvas, decodes the time and keeps the age: the
 * time at which the frame is expected on screen minus the time it was drawn.
 *
 * Two paths carry the same canvas: (a) flashmesh, a DIRECT_CONNECTIONS NetStream with the Camera attached, played
 * by peer ID into a Video, signalled through `flashmesh serve`; (b) one raw RTCPeerConnection pair (no flashmesh, no
 * PeerJS) whose offer and answer the bench hands from page to page. Both with the encoder uncapped
 * (`Camera.setQuality(0, 0)`; the raw sender has no maxBitrate), so the figures differ only by the path.
 */
import { configure } from "../../as3-api/config.js";
import { Camera } from "../../as3-api/flash/media/Camera.js";
import { Video } from "../../as3-api/flash/media/Video.js";
import { NetConnection } from "../../as3-api/flash/net/NetConnection.js";
import { NetStream } from "../../as3-api/flash/net/NetStream.js";
import { readStamp, STAMP_COLUMNS, STAMP_ROWS, stampAge, stampBits } from "./frameStamp.js";

const WIDTH = 320;
const HEIGHT = 240;
/** The stamp's blocks fill the top two thirds; the rest shows a moving bar and the frame number. */
const STAMP_HEIGHT = (HEIGHT * 2) / 3;
const FPS = 30;

/** What a viewer read since the last `take()`. */
export interface Readings {
  /** Glass-to-glass ages of the frames read, ms. */
  ages: number[];
  /** Frames presented whose stamp failed its check. */
  unreadable: number;
  /** Wall-clock ms the readings span. */
  spanMs: number;
}

/** Reads the stamp of every frame `video` presents until stopped. */
class StampReader {
  #ages: number[] = [];
  #unreadable = 0;
  #since = performance.now();
  #stopped = false;
  #lastStamp = -1;
  readonly #context: CanvasRenderingContext2D;
  readonly #cell = 4;

  constructor(readonly video: HTMLVideoElement) {
    const canvas = document.createElement("canvas");
    canvas.width = STAMP_COLUMNS * this.#cell;
    canvas.height = STAMP_ROWS * this.#cell;
    this.#context = canvas.getContext("2d", { willReadFrequently: true })!;
    video.requestVideoFrameCallback((_now, metadata) => this.#frame(metadata));
  }

  /** The first readable stamp, within `boundMs`. */
  async firstReading(boundMs: number): Promise<void> {
    const until = performance.now() + boundMs;
    while (this.#ages.length === 0) {
      if (performance.now() > until) throw new Error(`no readable frame within ${boundMs} ms (${this.#unreadable} unreadable)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  take(): Readings {
    const now = performance.now();
    const readings = { ages: this.#ages, unreadable: this.#unreadable, spanMs: now - this.#since };
    this.#ages = [];
    this.#unreadable = 0;
    this.#since = now;
    return readings;
  }

  stop(): void {
    this.#stopped = true;
  }

  #frame(metadata: VideoFrameCallbackMetadata): void {
    if (this.#stopped) return;
    // The system clock (which the publisher stamped with) at the moment the frame is expected on screen.
    const glass = Date.now() + (metadata.expectedDisplayTime - performance.now());
    const { videoWidth, videoHeight } = this.video;
    if (videoWidth > 2 && videoHeight > 2) {
      // Source rectangle in the frame's own pixels: right whatever size the encoder sent (it may scale down).
      this.#context.drawImage(this.video, 0, 0, videoWidth, (videoHeight * STAMP_HEIGHT) / HEIGHT, 0, 0, STAMP_COLUMNS * this.#cell, STAMP_ROWS * this.#cell);
      const pixels = this.#context.getImageData(0, 0, STAMP_COLUMNS * this.#cell, STAMP_ROWS * this.#cell).data;
      const brightness: number[] = [];
      for (let row = 0; row < STAMP_ROWS; row++) {
        for (let column = 0; column < STAMP_COLUMNS; column++) {
          // The inner 2 × 2 of each 4 × 4 cell: away from the block's edges, where a codec rings.
          let sum = 0;
          for (let y = 1; y <= 2; y++) {
            for (let x = 1; x <= 2; x++) {
              const at = ((row * this.#cell + y) * STAMP_COLUMNS * this.#cell + column * this.#cell + x) * 4;
              sum += (pixels[at]! + pixels[at + 1]! + pixels[at + 2]!) / 3;
            }
          }
          brightness.push(sum / 4);
        }
      }
      const stamp = readStamp(brightness);
      if (stamp === null) this.#unreadable++;
      else if (stamp !== this.#lastStamp) {
        this.#lastStamp = stamp;
        this.#ages.push(stampAge(stamp, glass));
      }
    }
    this.video.requestVideoFrameCallback((_now, next) => this.#frame(next));
  }
}

/** A `<video>` placed in the page (both paths alike: the library's Video element or a plain one). */
function place(video: HTMLVideoElement): HTMLVideoElement {
  video.width = WIDTH;
  video.height = HEIGHT;
  document.body.append(video);
  return video;
}

function connected(nc: NetConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    nc.addEventListener("netStatus", (event) => {
      if (event.info.code === "NetConnection.Connect.Success") resolve();
      else if (event.info.level === "error") reject(new Error(event.info.code));
    });
  });
}

/** Resolves when `pc` gathered all its candidates (the SDP then carries them: one hand-over each way). */
function gathered(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pc.iceGatheringState === "complete") return resolve();
    const timer = setTimeout(() => reject(new Error("ICE gathering did not complete within 10 s")), 10_000);
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState !== "complete") return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Every RTCPeerConnection this page makes, whichever path made it (PeerJS reads the global at call time), so a
 * phase's WebRTC statistics can be read the same way for both: bench instrumentation, not the product's.
 */
const connections = new Set<RTCPeerConnection>();
const NativePeerConnection = globalThis.RTCPeerConnection;
globalThis.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    connections.add(this);
    this.addEventListener("connectionstatechange", () => void (this.connectionState === "closed" && connections.delete(this)));
  }
} as typeof RTCPeerConnection;

/** Counters of the page's video RTP streams (sums over its open connections), for the bench to take differences of. */
export interface VideoCounters {
  at: number;
  framesEncoded: number;
  totalEncodeTime: number;
  bytesSent: number;
  framesDecoded: number;
  framesDropped: number;
  totalDecodeTime: number;
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
  bytesReceived: number;
  /** The last frame size sent or received, "w×h"; and why the sender held its quality back, if it did. */
  frameSize: string;
  qualityLimitation: string;
}

async function videoCounters(): Promise<VideoCounters> {
  const counters: VideoCounters = { at: performance.now(), framesEncoded: 0, totalEncodeTime: 0, bytesSent: 0, framesDecoded: 0, framesDropped: 0, totalDecodeTime: 0, jitterBufferDelay: 0, jitterBufferEmittedCount: 0, bytesReceived: 0, frameSize: "", qualityLimitation: "" };
  for (const pc of connections) {
    if (pc.signalingState === "closed") continue;
    (await pc.getStats()).forEach((report: Record<string, unknown>) => {
      if (report["kind"] !== "video") return;
      const number = (key: string): number => (typeof report[key] === "number" ? (report[key] as number) : 0);
      if (report["type"] === "outbound-rtp") {
        counters.framesEncoded += number("framesEncoded");
        counters.totalEncodeTime += number("totalEncodeTime");
        counters.bytesSent += number("bytesSent");
        counters.frameSize = `${number("frameWidth")}×${number("frameHeight")}`;
        counters.qualityLimitation = String(report["qualityLimitationReason"] ?? "");
      } else if (report["type"] === "inbound-rtp") {
        counters.framesDecoded += number("framesDecoded");
        counters.framesDropped += number("framesDropped");
        counters.totalDecodeTime += number("totalDecodeTime");
        counters.jitterBufferDelay += number("jitterBufferDelay");
        counters.jitterBufferEmittedCount += number("jitterBufferEmittedCount");
        counters.bytesReceived += number("bytesReceived");
        counters.frameSize = `${number("frameWidth")}×${number("frameHeight")}`;
      }
    });
  }
  return counters;
}

// --- publisher -----------------------------------------------------------------------------------------------

let canvasTrack: MediaStreamTrack | null = null;
let publisherConnection: NetConnection | null = null;
let rawSender: RTCPeerConnection | null = null;

/** Starts the stamped canvas and makes it the page's camera. */
function startCamera(): void {
  if (canvasTrack !== null) return;
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  document.body.append(canvas);
  const context = canvas.getContext("2d")!;
  const block = WIDTH / STAMP_COLUMNS;
  let frame = 0;
  const draw = (): void => {
    const bits = stampBits(Date.now());
    for (let i = 0; i < bits.length; i++) {
      context.fillStyle = bits[i] ? "#fff" : "#000";
      context.fillRect((i % STAMP_COLUMNS) * block, Math.floor(i / STAMP_COLUMNS) * block, block, block);
    }
    context.fillStyle = "#246";
    context.fillRect(0, STAMP_HEIGHT, WIDTH, HEIGHT - STAMP_HEIGHT);
    context.fillStyle = "#fc3";
    context.fillRect((frame * 4) % WIDTH, STAMP_HEIGHT, 16, HEIGHT - STAMP_HEIGHT);
    context.font = "24px monospace";
    context.fillText(String(frame), 8, HEIGHT - 24);
    frame++;
  };
  draw();
  setInterval(draw, 1000 / FPS);
  canvasTrack = canvas.captureStream(FPS).getVideoTracks()[0]!;
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) =>
    constraints?.video ? new MediaStream([canvasTrack!.clone()]) : original(constraints);
}

/** Publishes the canvas through flashmesh; resolves with the publisher's peer ID. */
async function publishFlashmesh(serverUrl: string, name: string): Promise<string> {
  configure({ server: serverUrl });
  const nc = new NetConnection();
  publisherConnection = nc;
  const ready = connected(nc);
  nc.connect("rtmfp://bench/glass");
  await ready;
  const camera = Camera.getCamera()!;
  camera.setQuality(0, 0);
  const stream = new NetStream(nc, NetStream.DIRECT_CONNECTIONS);
  stream.attachCamera(camera);
  stream.publish(name);
  return nc.nearID;
}

/** The raw sender's offer, candidates included. */
async function rawOffer(): Promise<string> {
  const pc = new RTCPeerConnection();
  rawSender = pc;
  const track = canvasTrack!.clone();
  pc.addTrack(track, new MediaStream([track]));
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return pc.localDescription!.sdp;
}

async function rawAnswered(sdp: string): Promise<void> {
  await rawSender!.setRemoteDescription({ type: "answer", sdp });
}

function stopPublishing(): void {
  publisherConnection?.close();
  publisherConnection = null;
  rawSender?.getSenders().forEach((sender) => sender.track?.stop());
  rawSender?.close();
  rawSender = null;
}

// --- viewer --------------------------------------------------------------------------------------------------

let viewerConnection: NetConnection | null = null;
let rawReceiver: RTCPeerConnection | null = null;
let viewing: { reader: StampReader; video: HTMLVideoElement } | null = null;

/** Plays the publisher's stream through flashmesh into a Video and starts reading it. */
async function playFlashmesh(serverUrl: string, publisherId: string, name: string): Promise<void> {
  configure({ server: serverUrl });
  const nc = new NetConnection();
  viewerConnection = nc;
  const ready = connected(nc);
  nc.connect("rtmfp://bench/glass");
  await ready;
  const player = new NetStream(nc, publisherId);
  const video = new Video(WIDTH, HEIGHT);
  video.attachNetStream(player);
  const element = place(video.element!);
  viewing = { reader: new StampReader(element), video: element };
  player.play(name);
}

/** Answers the raw sender's offer (candidates included) and starts reading what arrives. */
async function rawAnswer(offer: string): Promise<string> {
  const pc = new RTCPeerConnection();
  rawReceiver = pc;
  const video = place(document.createElement("video"));
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  pc.ontrack = (event) => {
    video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    void video.play();
  };
  viewing = { reader: new StampReader(video), video };
  await pc.setRemoteDescription({ type: "offer", sdp: offer });
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered(pc);
  return pc.localDescription!.sdp;
}

function stopViewing(): void {
  viewing?.reader.stop();
  viewing?.video.remove();
  viewing = null;
  viewerConnection?.close();
  viewerConnection = null;
  rawReceiver?.close();
  rawReceiver = null;
}

const readerOf = (): StampReader => {
  const reader = viewing?.reader;
  if (reader === undefined) throw new Error("nothing is being read");
  return reader;
};

(globalThis as unknown as { flashmeshGlassBench: unknown }).flashmeshGlassBench = {
  startCamera,
  publishFlashmesh,
  rawOffer,
  rawAnswered,
  stopPublishing,
  playFlashmesh,
  rawAnswer,
  stopViewing,
  firstReading: (boundMs: number) => readerOf().firstReading(boundMs),
  take: () => readerOf().take(),
  videoCounters,
};
