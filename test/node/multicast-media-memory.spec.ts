/**
 * Media messages on a multicast NetStream over the memory network (simulated time, no WebCodecs in Node): they
 * travel as fragments among send() messages, in order, reach the stream's media side and never the client; a
 * malformed one is dropped by every player, and the media side hears the gap it leaves; a player in a runtime
 * without WebCodecs reports it once (console error and NetStream.Play.Failed) and goes on delivering data.
 */
import type { NetConnection } from "../../as3-api/index.js";
import { netStreamMediaOf } from "../../as3-api/flash/media/netStreamMedia.js";
import { connectionInternals } from "../../as3-api/flash/net/connectionInternals.js";
import { decodeMediaMessage, encodeMediaMessage, MEDIA_MESSAGE_MARK } from "../../as3-api/wire/mediaMessages.js";
import { groupIdOf } from "../../as3-api/wire/identity.js";
import { memoryNetHarness } from "../support/netHarness.js";
import { useNetHarness } from "../support/useNetHarness.js";
import { multicastHelpers, multicastSpec, streamCodes, type Member } from "../shared/multicast-suite.js";

const video = (key: boolean, timestamp: number): Uint8Array =>
  encodeMediaMessage({ kind: "video", codec: "vp8", key, timestamp, duration: 66_000, width: key ? 160 : 0, height: key ? 120 : 0, data: Uint8Array.of(key ? 1 : 2, 0, 0) });
const audio = (timestamp: number): Uint8Array => encodeMediaMessage({ kind: "audio", codec: "opus", timestamp, duration: 60_000, sampleRate: 48_000, channels: 1, data: Uint8Array.of(0xf8) });

describe("multicast media messages (memory network)", () => {
  const connections: NetConnection[] = [];
  const harness = useNetHarness(() => memoryNetHarness(), connections);
  const { groupOf } = multicastHelpers(harness, connections);

  it("travel in order among send() messages to every player's media side, a malformed one leaves a gap, and no WebCodecs means one Play.Failed", async () => {
    const groupspec = multicastSpec().groupspecWithAuthorizations();
    const [publisher, ...players] = (await groupOf(3, groupspec)) as [Member, Member, Member];
    const heard = new Map<Member, string[]>();
    const errors = spyOn(console, "error");
    for (const player of players) {
      const media = netStreamMediaOf(player.ns)!;
      const real = media.multicastMessage.bind(media);
      const log: string[] = [];
      heard.set(player, log);
      spyOn(media, "multicastMessage").and.callFake((payload: Uint8Array, gap: boolean, behindMs: number) => {
        const message = decodeMediaMessage(payload);
        log.push(`${message.kind}@${message.timestamp}${gap ? " after a gap" : ""}`);
        expect(behindMs).toBeGreaterThanOrEqual(0);
        real(payload, gap, behindMs);
      });
      player.ns.multicastWindowDuration = 2; // a fragment that never comes is given up after 2 s
      player.ns.multicastFetchPeriod = 0.5;
      player.ns.play("live");
    }
    publisher.ns.publish("live");
    await harness().waitFor(() => players.every((m) => streamCodes(m, "ns").includes("ns:NetStream.Play.PublishNotify")), 20_000, "players follow");
    await harness().settle(2000); // players' availability reaches the publisher, which then pushes

    publisher.ns.send("onData", 1);
    publisher.ns.sendEncoded(video(true, 0));
    publisher.ns.sendEncoded(audio(0));
    publisher.ns.send("onData", 2); // data between media is no gap
    publisher.ns.sendEncoded(video(false, 66_000));
    publisher.ns.sendEncoded(Uint8Array.of(MEDIA_MESSAGE_MARK, 1, 0)); // truncated: every player drops it
    publisher.ns.sendEncoded(video(false, 132_000));
    publisher.ns.sendEncoded(audio(60_000));
    publisher.ns.send("onData", 3);
    await harness().waitFor(() => players.every((m) => m.calls.length === 3 && heard.get(m)!.length === 5), 30_000, "every message on every player");

    for (const player of players) {
      expect(player.calls).toEqual([[1], [2], [3]]);
      expect(heard.get(player)).toEqual(["video@0", "audio@0", "video@66000", "video@132000 after a gap", "audio@60000"]);
      const multicast = connectionInternals(player.nc)!.groups()!.multicastOf(groupIdOf(groupspec))!;
      expect(multicast.stats.malformedFragments).toBeGreaterThanOrEqual(1);
      // Node has no WebCodecs: said once, as an error status on the stream, and nothing was decoded.
      const failed = player.log.filter((entry) => entry.code === "NetStream.Play.Failed");
      expect(failed.length).toBe(1);
      expect(failed[0]!.info["level"]).toBe("error");
      expect(String(failed[0]!.info["description"])).toContain("MediaStreamTrackGenerator");
      expect(netStreamMediaOf(player.ns)!.multicastReceiver).toBeNull();
      expect(netStreamMediaOf(player.ns)!.remoteStream).toBeNull();
    }
    expect(errors.calls.allArgs().filter((args) => String(args[0]).includes("cannot play the multicast stream's audio/video")).length).toBe(players.length);
  });

  it("a player joining a stream past its 4,096th fragment (two minutes of media) still plays it", async () => {
    const groupspec = multicastSpec().groupspecWithAuthorizations();
    const [publisher, early, late] = (await groupOf(3, groupspec)) as [Member, Member, Member];
    for (const member of [publisher, early]) {
      member.ns.multicastWindowDuration = 0.2; // a short window: the first fragments are long gone when `late` joins
      member.ns.multicastRelayMarginDuration = 0.1;
    }
    early.ns.play("live");
    publisher.ns.publish("live");
    await harness().waitFor(() => streamCodes(early, "ns").includes("ns:NetStream.Play.PublishNotify"), 20_000, "the early player follows");
    await harness().settle(1000);
    // 1,000 a second, under the mesh node's per-peer rate limit.
    for (let sent = 0; sent < 5000; sent += 10) {
      for (let i = 1; i <= 10; i++) publisher.ns.send("onData", sent + i);
      await harness().settle(10);
    }
    await harness().waitFor(() => early.calls.some((call) => call[0] === 5000), 30_000, "the early player's 5,000th message");
    await harness().settle(1000);
    late.ns.play("live");
    await harness().waitFor(() => streamCodes(late, "ns").includes("ns:NetStream.Play.PublishNotify"), 20_000, "the late player follows");
    await harness().settle(1000);
    for (let i = 5001; i <= 5020; i++) {
      publisher.ns.send("onData", i);
      await harness().settle(50);
    }
    await harness().waitFor(() => late.calls.some((call) => call[0] === 5020), 30_000, "the late player's messages");
    const got = late.calls.map((call) => call[0] as number);
    // A run without gaps ending at the newest (what was still in the window, then everything after).
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => 5021 - got.length + i));
    expect(got.length).toBeGreaterThanOrEqual(20);
    const multicast = connectionInternals(late.nc)!.groups()!.multicastOf(groupIdOf(groupspec))!;
    expect(multicast.stats.strayFragments).toBe(0);
  });
});
