/**
 * Audio and video over a multicast NetStream, in real Chromium with its fake camera and microphone
 * (scripts/chromium-flags.json), between four NetConnections on the run's real `flashmesh serve`: one publisher
 * attaches Camera and Microphone to a group's NetStream, three viewers play it into Videos, and the encoded chunks
 * travel as fragments of the multicast stream over real WebRTC data channels (docs/media.md).
 */
import { Camera, Microphone, Video, type NetConnection } from "../../as3-api/index.js";
import { netStreamMediaOf } from "../../as3-api/flash/media/netStreamMedia.js";
import { useNetHarness } from "../support/useNetHarness.js";
import { until } from "../support/until.js";
import { multicastHelpers, multicastSpec, streamCodes, type Member } from "../shared/multicast-suite.js";
import { soundHeard } from "./support/soundHeard.js";
import { brightness, differs, sample } from "./support/videoPixels.js";
import { webrtcNetHarness } from "./support/webrtcNetHarness.js";

describe("multicast NetStream audio/video over real WebRTC (Chromium's fake devices, WebCodecs)", () => {
  const connections: NetConnection[] = [];
  const harness = useNetHarness(webrtcNetHarness, connections);
  const { groupOf, join } = multicastHelpers(harness, connections);

  it("one publisher's camera and microphone reach three viewers as fragments: moving, non-black pictures and sound above silence at each; receiveVideo(false) stops decoding; a late joiner starts at a key frame; UnpublishNotify when it leaves", async () => {
    const spec = multicastSpec().groupspecWithAuthorizations();
    const [publisher, ...viewers] = (await groupOf(4, spec)) as [Member, Member, Member, Member];
    const videos = viewers.map((viewer) => {
      const video = new Video(320, 240);
      video.attachNetStream(viewer.ns);
      viewer.ns.play("live");
      return video;
    });

    publisher.ns.attachCamera(Camera.getCamera());
    publisher.ns.attachAudio(Microphone.getMicrophone());
    publisher.ns.publish("live");
    await harness().waitFor(() => viewers.every((viewer) => streamCodes(viewer, "ns").includes("ns:NetStream.Play.PublishNotify")), 20_000, "every viewer's Play.PublishNotify");
    expect(streamCodes(publisher, "ns")).toEqual(["ns:NetStream.Publish.Start"]);
    for (const viewer of viewers) expect(streamCodes(viewer, "ns")).toEqual(["ns:NetStream.Play.Reset", "ns:NetStream.Play.Start", "ns:NetStream.Play.PublishNotify"]);

    for (const [i, video] of videos.entries()) {
      await until(() => video.videoWidth > 0, 40_000, `viewer ${i + 1}'s first video frame`);
      const first = sample(video.element!);
      await until(() => differs(first, sample(video.element!)), 20_000, `viewer ${i + 1}'s picture to move`);
      await until(() => brightness(sample(video.element!)) > 16, 20_000, `viewer ${i + 1}'s picture to be more than black`);
    }
    for (const [i, viewer] of viewers.entries()) {
      const media = netStreamMediaOf(viewer.ns)!;
      await until(() => media.remoteStream?.getAudioTracks().length === 1, 20_000, `viewer ${i + 1}'s audio track`);
      // The receiver's counters name what it dropped, should this fail.
      await soundHeard(media.remoteStream!.getAudioTracks()[0]!, 20_000, `viewer ${i + 1}'s sound above silence (receiver ${JSON.stringify(media.multicastReceiver?.stats)})`);
      expect(media.speaker).not.toBeNull();
      expect(media.multicastReceiver!.stats.malformed).toBe(0);
    }
    // Nothing was sent to the client: media messages are not send() calls.
    for (const viewer of viewers) expect(viewer.calls).toEqual([]);

    // receiveVideo(false): the viewer stops decoding video; true again resumes at the next key frame.
    const receiver = netStreamMediaOf(viewers[0].ns)!.multicastReceiver!;
    viewers[0].ns.receiveVideo(false);
    await until(() => !receiver.videoFlowing, 20_000, "video decoding to stop");
    viewers[0].ns.receiveVideo(true);
    await until(() => receiver.videoFlowing, 20_000, "video decoding to resume at a key frame");

    // A late joiner, 12 s into the stream (past the fragments still in the window's start): its picture starts at a key frame.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const late = await join(spec);
    const lateVideo = new Video(320, 240);
    lateVideo.attachNetStream(late.ns);
    late.ns.play("live");
    await until(() => lateVideo.videoWidth > 0, 40_000, "the late joiner's first video frame");
    const lateFirst = sample(lateVideo.element!);
    await until(() => differs(lateFirst, sample(lateVideo.element!)), 20_000, "the late joiner's picture to move");
    expect(netStreamMediaOf(late.ns)!.multicastReceiver!.stats.malformed).toBe(0);

    // The publisher leaves: every viewer hears Play.UnpublishNotify.
    publisher.ns.close();
    await harness().waitFor(() => viewers.every((viewer) => streamCodes(viewer, "ns").includes("ns:NetStream.Play.UnpublishNotify")), 30_000, "every viewer's Play.UnpublishNotify");
  }, 240_000);

  it("a browser without MediaStreamTrackGenerator: a publisher's attachCamera says so on the console and with NetStream.Failed, once, and nothing throws; send() still works", async () => {
    const scope = globalThis as Record<string, unknown>;
    const generator = scope["MediaStreamTrackGenerator"];
    const errors = spyOn(console, "error").and.callThrough();
    scope["MediaStreamTrackGenerator"] = undefined;
    try {
      const [publisher, viewer] = (await groupOf(2, multicastSpec().groupspecWithAuthorizations())) as [Member, Member];
      viewer.ns.play("live");
      publisher.ns.attachCamera(Camera.getCamera());
      publisher.ns.attachAudio(Microphone.getMicrophone());
      publisher.ns.publish("live");
      publisher.ns.send("onData", 1);
      await until(() => viewer.calls.length === 1, 20_000, "the send() message");
      expect(viewer.calls).toEqual([[1]]);
      const failed = publisher.log.filter((entry) => entry.code === "NetStream.Failed");
      expect(failed.length).toBe(1);
      expect(failed[0]!.info.level).toBe("error");
      expect(String(failed[0]!.info["description"])).toContain("MediaStreamTrackGenerator");
      expect(streamCodes(publisher, "ns")).toEqual(["ns:NetStream.Failed", "ns:NetStream.Publish.Start"]);
      expect(errors.calls.allArgs().filter((args) => String(args[0]).includes("lacks MediaStreamTrackGenerator")).length).toBe(1);
      expect(netStreamMediaOf(viewer.ns)!.multicastReceiver).toBeNull();
    } finally {
      scope["MediaStreamTrackGenerator"] = generator;
    }
  }, 120_000);
});
