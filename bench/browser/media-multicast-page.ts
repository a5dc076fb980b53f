/**
 * The page of `npm run bench:media -- --multicast`: one publisher's camera and microphone on a multicast NetStream
 * in a group, played by `viewers` NetConnections of this same page (each its own PeerJS session through
 * `flashmesh serve`), over real WebRTC. Glass to glass: the "camera" is a canvas whose frames carry the page's clock
 * (32 blocks, one bit each), handed to flashmesh in place of the fake device's track; each viewer reads the clock
 * back from every frame its Video presents, so latency is capture → encode → fragments relayed → decode → shown, on one
 * clock. The publisher's upload is its NetStreamMulticastInfo (the stream's fragment frames and availability) against
 * the stream's own rate (media-message bytes a viewer is handed per second).
 */
import { configure } from "../../as3-api/config.js";
import { Camera } from "../../as3-api/flash/media/Camera.js";
import { Microphone } from "../../as3-api/flash/media/Microphone.js";
import { Video } from "../../as3-api/flash/media/Video.js";
import { GroupSpecifier } from "../../as3-api/flash/net/GroupSpecifier.js";
import { NetConnection } from "../../as3-api/flash/net/NetConnection.js";
import { NetStream } from "../../as3-api/flash/net/NetStream.js";

const WIDTH = 320;
const HEIGHT = 240;
const BLOCK = 20; // 16 bits a row, two rows
const FPS = 15;

/** A canvas track whose every frame shows the time it was drawn (ms, low 32 bits) as 32 black/white blocks. */
function clockCamera(): MediaStreamTrack {
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const context = canvas.getContext("2d")!;
  let hue = 0;
  setInterval(() => {
    hue = (hue + 7) % 360;
    context.fillStyle = `hsl(${hue} 60% 50%)`;
    context.fillRect(0, 0, WIDTH, HEIGHT);
    const now = Math.floor(performance.now()) >>> 0;
    for (let bit = 0; bit < 32; bit++) {
      context.fillStyle = (now >>> bit) & 1 ? "#fff" : "#000";
      context.fillRect((bit % 16) * BLOCK, Math.floor(bit / 16) * BLOCK, BLOCK, BLOCK);
    }
  }, 1000 / FPS);
  return canvas.captureStream(FPS).getVideoTracks()[0]!;
}

/** Reads the clock a presented frame carries (null when a block is too grey to tell). */
function readClock(video: HTMLVideoElement, context: CanvasRenderingContext2D): number | null {
  context.drawImage(video, 0, 0, WIDTH, HEIGHT);
  const pixels = context.getImageData(0, 0, WIDTH, 2 * BLOCK).data;
  let value = 0;
  for (let bit = 0; bit < 32; bit++) {
    const x = (bit % 16) * BLOCK + BLOCK / 2;
    const y = Math.floor(bit / 16) * BLOCK + BLOCK / 2;
    const at = (y * WIDTH + x) * 4;
    const level = (pixels[at]! + pixels[at + 1]! + pixels[at + 2]!) / 3;
    if (level > 90 && level < 165) return null;
    if (level >= 165) value |= 1 << bit;
  }
  return value >>> 0;
}

function connect(url: string): Promise<NetConnection> {
  const nc = new NetConnection();
  return new Promise((resolve, reject) => {
    nc.addEventListener("netStatus", (event) => {
      if (event.info.code === "NetConnection.Connect.Success") resolve(nc);
      else if (event.info.level === "error") reject(new Error(String(event.info.code)));
    });
    nc.connect(url);
  });
}

function streamConnected(nc: NetConnection, ns: NetStream): Promise<void> {
  return new Promise((resolve, reject) => {
    nc.addEventListener("netStatus", (event) => {
      if (event.info.code === "NetStream.Connect.Success" && event.info["stream"] === ns) resolve();
      else if (String(event.info.code).startsWith("NetStream.Connect.") && event.info["stream"] === ns) reject(new Error(String(event.info.code)));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One round's figures. */
export interface MulticastRound {
  viewers: number;
  latenciesMs: number[];
  /** Publisher's stream upload (fragment frames + availability), bytes/s. */
  publisherUpload: number;
  /** The stream's rate as a viewer is handed it, bytes/s (mean over viewers). */
  streamRate: number;
  unreadable: number;
}

async function round(url: string, viewers: number, measureMs: number): Promise<MulticastRound> {
  const spec = new GroupSpecifier(`bench-media-multicast/${Date.now()}/${viewers}`);
  spec.serverChannelEnabled = true;
  spec.multicastEnabled = true;
  const groupspec = spec.groupspecWithAuthorizations();
  const connections: NetConnection[] = [];
  try {
    const join = async (): Promise<NetStream> => {
      const nc = await connect(url);
      connections.push(nc);
      const ns = new NetStream(nc, groupspec);
      await streamConnected(nc, ns);
      return ns;
    };
    const publisher = await join();
    const players = await Promise.all(Array.from({ length: viewers }, join));
    const videos = players.map((ns) => {
      const video = new Video(WIDTH, HEIGHT);
      video.attachNetStream(ns);
      ns.play("live");
      return video;
    });
    publisher.attachCamera(Camera.getCamera());
    publisher.attachAudio(Microphone.getMicrophone());
    publisher.publish("live");
    const deadline = performance.now() + 60_000;
    while (!videos.every((video) => video.videoWidth > 0)) {
      if (performance.now() > deadline) throw new Error("a viewer showed no picture within 60 s");
      await sleep(200);
    }
    await sleep(3000); // past the first key frames and the mesh's first pushes
    const latenciesMs: number[] = [];
    let unreadable = 0;
    let measuring = true;
    for (const video of videos) {
      const element = video.element!;
      const canvas = document.createElement("canvas");
      canvas.width = WIDTH;
      canvas.height = HEIGHT;
      const context = canvas.getContext("2d", { willReadFrequently: true })!;
      const onFrame = (): void => {
        if (!measuring) return;
        const shownAt = Math.floor(performance.now()) >>> 0;
        const drawnAt = readClock(element, context);
        if (drawnAt === null) unreadable++;
        else latenciesMs.push(((shownAt - drawnAt) >>> 0) % 2 ** 31);
        element.requestVideoFrameCallback(onFrame);
      };
      element.requestVideoFrameCallback(onFrame);
    }
    await sleep(measureMs);
    measuring = false;
    const info = publisher.multicastInfo;
    const streamRate = players.reduce((sum, ns) => sum + ns.info.currentBytesPerSecond, 0) / players.length;
    return { viewers, latenciesMs, publisherUpload: info.sendDataBytesPerSecond + info.sendControlBytesPerSecond, streamRate, unreadable };
  } finally {
    for (const nc of connections) nc.close();
  }
}

(globalThis as unknown as { flashmeshMulticastMediaBench: unknown }).flashmeshMulticastMediaBench = {
  async run(serverUrl: string, counts: number[], measureMs: number): Promise<MulticastRound[]> {
    configure({ server: serverUrl });
    const canvasTrack = clockCamera();
    // The "camera" flashmesh opens is the clock canvas; the microphone stays Chromium's fake one.
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => (constraints?.video ? new MediaStream([canvasTrack.clone()]) : getUserMedia(constraints));
    await Camera.refresh();
    await Microphone.refresh();
    const rounds: MulticastRound[] = [];
    for (const viewers of counts) {
      rounds.push(await round("rtmfp://bench/media-multicast", viewers, measureMs));
      await sleep(1000);
    }
    return rounds;
  },
};
