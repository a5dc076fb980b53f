/**
 * The page of bench:media: time from asking to the first video frame shown, for a camera reaching another peer
 * (a) through flashmesh (a DIRECT_CONNECTIONS NetStream with the camera attached, played by peer ID into a Video:
 * data link, play/accept, want frame, media call, all signalled through `flashmesh serve`), and (b) through one raw
 * RTCPeerConnection pair whose offer, answer and candidates are handed over inside the page (the least any WebRTC
 * application can do). Both in this one page, with Chromium's fake camera, one after another, `rounds` times.
 */
import { configure } from "../../as3-api/config.js";
import { Camera } from "../../as3-api/flash/media/Camera.js";
import { Video } from "../../as3-api/flash/media/Video.js";
import { NetConnection } from "../../as3-api/flash/net/NetConnection.js";
import { NetStream } from "../../as3-api/flash/net/NetStream.js";

/** Resolves at the first frame `video` presents, with its time. */
function firstFrame(video: HTMLVideoElement, bound = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no frame within 30 s")), bound);
    video.requestVideoFrameCallback(() => {
      clearTimeout(timer);
      resolve(performance.now());
    });
  });
}

function connected(nc: NetConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    nc.addEventListener("netStatus", (event) => {
      if (event.info.code === "NetConnection.Connect.Success") resolve();
      else if (event.info.level === "error") reject(new Error(event.info.code));
    });
  });
}

/** One flashmesh round: ms from play() to the player's first frame (connections already open). */
async function flashmeshRound(round: number): Promise<number> {
  const [a, b] = [new NetConnection(), new NetConnection()];
  try {
    const ready = Promise.all([connected(a), connected(b)]);
    a.connect("rtmfp://bench/media");
    b.connect("rtmfp://bench/media");
    await ready;
    const publisher = new NetStream(a, NetStream.DIRECT_CONNECTIONS);
    publisher.attachCamera(Camera.getCamera());
    publisher.publish(`camera-${round}`);
    const player = new NetStream(b, a.nearID);
    const video = new Video(320, 240);
    video.attachNetStream(player);
    const start = performance.now();
    player.play(`camera-${round}`);
    return (await firstFrame(video.element!)) - start;
  } finally {
    a.close();
    b.close();
  }
}

/** One raw round: ms from creating the two connections to the receiver's first frame. */
async function rawRound(track: MediaStreamTrack): Promise<number> {
  const start = performance.now();
  const [sender, receiver] = [new RTCPeerConnection(), new RTCPeerConnection()];
  try {
    sender.onicecandidate = (event) => void (event.candidate && receiver.addIceCandidate(event.candidate));
    receiver.onicecandidate = (event) => void (event.candidate && sender.addIceCandidate(event.candidate));
    const video = document.createElement("video");
    video.muted = true;
    receiver.ontrack = (event) => {
      video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      void video.play();
    };
    sender.addTrack(track, new MediaStream([track]));
    await sender.setLocalDescription(await sender.createOffer());
    await receiver.setRemoteDescription(sender.localDescription!);
    await receiver.setLocalDescription(await receiver.createAnswer());
    await sender.setRemoteDescription(receiver.localDescription!);
    return (await firstFrame(video)) - start;
  } finally {
    sender.close();
    receiver.close();
  }
}

(globalThis as unknown as { flashmeshMediaBench: unknown }).flashmeshMediaBench = {
  async run(serverUrl: string, rounds: number): Promise<{ flashmesh: number[]; raw: number[] }> {
    configure({ server: serverUrl });
    const camera = Camera.getCamera()!;
    const preview = new Video();
    preview.attachCamera(camera); // opens the device once, outside the timed part
    await firstFrame(preview.element!);
    const track = (preview.element!.srcObject as MediaStream).getVideoTracks()[0]!;
    const flashmesh: number[] = [];
    const raw: number[] = [];
    for (let round = 0; round < rounds; round++) {
      raw.push(await rawRound(track));
      flashmesh.push(await flashmeshRound(round));
    }
    return { flashmesh, raw };
  },
};
