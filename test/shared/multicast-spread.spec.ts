/**
 * Multicast fragments spread peer to peer (memory network, simulated time): in a group of 12 the publisher pushes
 * each fragment to one neighbour and players relay to the rest, so the publisher does not feed everyone;
 * tuning set on a stream is what its service uses (docs/netstream.md).
 */
import type { NetConnection } from "../../as3-api/index.js";
import { memoryNetHarness } from "../support/netHarness.js";
import { multicastHelpers, multicastSpec, streamCodes, type Member } from "./multicast-suite.js";
import { useNetHarness } from "../support/useNetHarness.js";

describe("Multicast NetStream spreading (memory network)", () => {
  const connections: NetConnection[] = [];
  const harness = useNetHarness(() => memoryNetHarness(), connections);
  const { groupOf } = multicastHelpers(harness, connections);


  it("relays fragments among players: the publisher pushes each to one, every player gets every send in order", async () => {
    const members = await groupOf(12, multicastSpec().groupspecWithAuthorizations());
    const [publisher, ...players] = members as [Member, ...Member[]];
    for (const player of players) player.ns.play("live");
    publisher.ns.publish("live");
    await harness().waitFor(() => players.every((m) => streamCodes(m, "ns").includes("ns:NetStream.Play.PublishNotify")), 20_000, "every player follows");
    await harness().settle(2000); // players' availability reaches their neighbours
    const sends = 50;
    for (let i = 1; i <= sends; i++) {
      publisher.ns.send("onData", i);
      await harness().settle(10); // 100 sends a second
    }
    await harness().waitFor(() => players.every((m) => m.calls.length === sends), 30_000, "every send on every player");
    for (const player of players) expect(player.calls).toEqual(Array.from({ length: sends }, (_, i) => [i + 1]));
    const fromPublisher = publisher.ns.multicastInfo;
    expect(fromPublisher.fragmentsPushedToPeers).toBeLessThanOrEqual(sends);
    expect(fromPublisher.fragmentsPushedToPeers + fromPublisher.fragmentsRequestedByPeers).toBeLessThan(players.length * sends / 2);
    const relayed = players.reduce((sum, m) => sum + m.ns.multicastInfo.fragmentsPushedToPeers, 0);
    expect(relayed).toBeGreaterThan(sends * (players.length - 2) - 1);
    expect(fromPublisher.sendDataBytesPerSecond).toBeGreaterThan(0);
    expect(players[0]!.ns.multicastInfo.receiveDataBytesPerSecond).toBeGreaterThan(0);
  });

  it("uses the stream's own tuning: with a push limit of 0 nothing is pushed and players pull after the fetch period", async () => {
    const members = await groupOf(3, multicastSpec().groupspecWithAuthorizations());
    const [publisher, ...players] = members as [Member, ...Member[]];
    publisher.ns.multicastPushNeighborLimit = 0;
    for (const player of players) {
      player.ns.multicastPushNeighborLimit = 0;
      player.ns.multicastFetchPeriod = 0.5;
      player.ns.play("live");
    }
    publisher.ns.publish("live");
    await harness().waitFor(() => players.every((m) => streamCodes(m, "ns").includes("ns:NetStream.Play.PublishNotify")), 20_000, "players follow");
    for (let i = 1; i <= 10; i++) publisher.ns.send("onData", i);
    await harness().waitFor(() => players.every((m) => m.calls.length === 10), 20_000, "pulled messages");
    for (const player of players) {
      expect(player.calls).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1]));
      expect(player.ns.multicastInfo.fragmentsPushedFromPeers).toBe(0);
      expect(player.ns.multicastInfo.fragmentsRequestedFromPeers).toBe(10);
    }
    expect(publisher.ns.multicastInfo.fragmentsPushedToPeers).toBe(0);
  });
});
