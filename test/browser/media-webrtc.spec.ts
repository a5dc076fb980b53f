/**
 * Audio and video over a DIRECT_CONNECTIONS NetStream, in real Chromium with its fake camera and microphone
 * (scripts/chromium-flags.json), between two NetConnections on the run's real `flashmesh serve`: the publisher
 * attaches Camera and Microphone, the player plays by peer ID into a Video, and real WebRTC tracks carry them.
 */
import { Camera, Microphone, NetConnection, NetStream, SoundTransform, StatusEvent, Video } from "../../as3-api/index.js";
import { netStreamMediaOf } from "../../as3-api/flash/media/netStreamMedia.js";
import { until } from "../support/until.js";
import { codes, recordStatus, type StatusEntry } from "../support/netHarness.js";
import { soundHeard } from "./support/soundHeard.js";
import { differs, sample } from "./support/videoPixels.js";
import { webrtcNetHarness } from "./support/webrtcNetHarness.js";

/** Frames the player's call decoded so far (inbound video RTP statistics). */
async function framesDecoded(stream: NetStream): Promise<number> {
  const pc = netStreamMediaOf(stream)?.inboundCall?.peerConnection ?? null;
  if (pc === null) return 0;
  let frames = 0;
  (await pc.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
    if (report.type === "inbound-rtp" && report.kind === "video") frames += report.framesDecoded ?? 0;
  });
  return frames;
}

/** Polls an asynchronous condition every 500 ms until it holds; fails after `timeoutMs` naming `what`. */
async function untilAsync(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe("NetStream audio/video over real WebRTC (DIRECT_CONNECTIONS, Chromium's fake devices)", () => {
  // Made before the first spec, not when the file loads: another file's harness resets the configuration when it
  // is disposed, so one made at load time would be gone by the time these specs run (when run on their own, after another file).
  let harness: ReturnType<typeof webrtcNetHarness>;
  const connections: NetConnection[] = [];

  beforeAll(() => {
    harness = webrtcNetHarness();
  });

  afterAll(async () => {
    for (const nc of connections.splice(0)) nc.close();
    await harness.dispose();
  });

  async function connect(log: StatusEntry[]): Promise<NetConnection> {
    const nc = new NetConnection();
    connections.push(nc);
    recordStatus(log, "nc", nc);
    nc.connect(harness.connectUrl);
    await until(() => log.length > 0, 20_000, "NetConnection.Connect.*");
    expect(codes(log)).toEqual(["nc:NetConnection.Connect.Success"]);
    return nc;
  }

  it("a Camera: names, a mode, Camera.Unmuted once the browser allowed it, a live track in a local Video", async () => {
    await Camera.refresh();
    expect(Camera.isSupported).toBeTrue();
    expect(Camera.names.length).toBeGreaterThan(0);
    const camera = Camera.getCamera()!;
    expect(camera).not.toBeNull();
    expect(Camera.getCamera("0")).toBe(camera);
    expect(Camera.getCamera(String(Camera.names.length))).toBeNull();
    expect(camera.muted).toBeTrue();
    expect(camera.activityLevel).toBe(-1);
    const statuses: string[] = [];
    camera.addEventListener(StatusEvent.STATUS, (event) => statuses.push(`${event.code}/${event.level}`));
    camera.setMode(320, 240, 15);
    camera.setQuality(32768, 80);
    camera.setKeyFrameInterval(30);
    expect([camera.bandwidth, camera.quality, camera.keyFrameInterval]).toEqual([32768, 80, 30]);

    const preview = new Video(320, 240);
    preview.attachCamera(camera);
    await until(() => statuses.length > 0, 20_000, "Camera.Unmuted");
    expect(statuses).toEqual(["Camera.Unmuted/status"]);
    expect(camera.muted).toBeFalse();
    expect([camera.width, camera.height]).toEqual([320, 240]);
    await until(() => preview.videoWidth > 0, 20_000, "the preview's first frame");
    expect(preview.videoWidth).toBe(320);
    await until(() => camera.currentFPS > 0 && camera.activityLevel >= 0, 20_000, "the camera's frame rate and activity");
  });

  it("a Microphone: Microphone.Unmuted, Flash's defaults, settings kept", async () => {
    await Microphone.refresh();
    expect(Microphone.names.length).toBeGreaterThan(0);
    const microphone = Microphone.getMicrophone()!;
    expect(microphone).toBe(Microphone.getMicrophone(0)!);
    expect(Microphone.getEnhancedMicrophone()).not.toBe(microphone);
    expect([microphone.rate, microphone.gain, microphone.codec, microphone.encodeQuality, microphone.silenceLevel, microphone.muted]).toEqual([8, 50, "NellyMoser", 6, 10, true]);
    microphone.rate = 22;
    microphone.setSilenceLevel(5, 1000);
    microphone.setUseEchoSuppression(true);
    expect([microphone.rate, microphone.silenceLevel, microphone.silenceTimeout, microphone.useEchoSuppression]).toEqual([22, 5, 1000, true]);
  });

  it("camera and microphone reach a player by peer ID: its Video gets moving frames, its audio track is live; receiveVideo(false) stops the video, true brings it back", async () => {
    const aLog: StatusEntry[] = [];
    const bLog: StatusEntry[] = [];
    const [a, b] = [await connect(aLog), await connect(bLog)];
    const publisher = new NetStream(a, NetStream.DIRECT_CONNECTIONS);
    recordStatus(aLog, "pub", publisher as never);
    const microphoneStatus: string[] = [];
    const microphone = Microphone.getMicrophone()!;
    microphone.addEventListener(StatusEvent.STATUS, (event) => microphoneStatus.push(event.code));
    publisher.attachCamera(Camera.getCamera());
    publisher.attachAudio(microphone);
    publisher.publish("media");

    const player = new NetStream(b, a.nearID);
    recordStatus(bLog, "sub", player as never);
    const video = new Video(320, 240);
    video.attachNetStream(player);
    player.play("media");
    await until(() => bLog.some((entry) => entry.code === "NetStream.Play.Start"), 20_000, "Play.Start");
    expect(codes(bLog)).toEqual(["nc:NetConnection.Connect.Success", "nc:NetStream.Connect.Success", "sub:NetStream.Play.Reset", "sub:NetStream.Play.Start"]);
    expect(codes(aLog).filter((code) => code.includes("NetStream."))).toEqual(["pub:NetStream.Publish.Start", "nc:NetStream.Connect.Success", "pub:NetStream.Play.Start"]);

    await until(() => video.videoWidth > 0, 30_000, "the player's first video frame");
    expect([video.videoWidth, video.videoHeight]).toEqual([320, 240]);
    // Chromium's fake camera draws a moving pattern: the picture changes.
    const first = sample(video.element!);
    await until(() => differs(first, sample(video.element!)), 20_000, "a changed pixel");
    // The microphone may go live after the camera: the publisher then calls again with both.
    await until(() => netStreamMediaOf(player)!.remoteStream?.getAudioTracks().length === 1, 20_000, "the player's audio track");
    const remote = netStreamMediaOf(player)!.remoteStream!;
    expect(remote.getAudioTracks()[0]!.readyState).toBe("live");
    expect(microphoneStatus).toEqual(["Microphone.Unmuted"]);
    // soundTransform: the page plays the player's sound at its volume.
    player.soundTransform = new SoundTransform(0.25);
    expect(player.soundTransform.volume).toBe(0.25);
    const speaker = netStreamMediaOf(player)!.speaker!;
    expect(speaker.volume).toBe(0.25);
    await until(() => !speaker.paused, 20_000, "the player's sound playing");
    // Sound, not only a track: the fake microphone's beep reaches the player above silence.
    await soundHeard(remote.getAudioTracks()[0]!, 20_000, "the player's sound above silence");

    // receiveVideo(false): the publisher's sender sends nothing, so the player decodes no more frames.
    expect(netStreamMediaOf(player)!.inboundCall).not.toBeNull();
    await untilAsync(async () => (await framesDecoded(player)) > 0, 20_000, "decoded frames");
    player.receiveVideo(false);
    let previous = -1;
    await untilAsync(
      async () => {
        const frames = await framesDecoded(player);
        const still = frames === previous;
        previous = frames;
        return still;
      },
      20_000,
      "the video to stop (the same frame count twice, 500 ms apart)",
    );
    const stoppedAt = previous;
    player.receiveVideo(true);
    await untilAsync(async () => (await framesDecoded(player)) > stoppedAt, 20_000, "the video to resume");

    // The publisher closes: the player's stream ends (Connect.Closed) and its media with it.
    publisher.close();
    await until(() => netStreamMediaOf(player)!.remoteStream === null, 20_000, "the player's media to end");
  });

  it("a camera attached after two players connected reaches both; attachCamera(null) stops the video", async () => {
    const aLog: StatusEntry[] = [];
    const a = await connect(aLog);
    const publisher = new NetStream(a, NetStream.DIRECT_CONNECTIONS);
    publisher.publish("later");
    const players: { ns: NetStream; video: Video }[] = [];
    for (let i = 0; i < 2; i++) {
      const log: StatusEntry[] = [];
      const nc = await connect(log);
      const ns = new NetStream(nc, a.nearID);
      recordStatus(log, "sub", ns as never);
      const video = new Video();
      video.attachNetStream(ns);
      ns.play("later");
      await until(() => log.some((entry) => entry.code === "NetStream.Play.Start"), 20_000, `player ${i + 1}'s Play.Start`);
      players.push({ ns, video });
    }
    expect(players.every(({ video }) => video.videoWidth === 0)).toBeTrue();
    publisher.attachCamera(Camera.getCamera());
    for (const [i, { video }] of players.entries()) await until(() => video.videoWidth > 0, 30_000, `player ${i + 1}'s first frame`);
    expect(publisher.peerStreams.length).toBe(2);

    publisher.attachCamera(null);
    for (const { ns } of players) {
      let previous = -1;
      await untilAsync(
        async () => {
          const frames = await framesDecoded(ns);
          const still = frames === previous;
          previous = frames;
          return still;
        },
        20_000,
        "the video to stop after attachCamera(null)",
      );
    }
    publisher.close();
  });
});
