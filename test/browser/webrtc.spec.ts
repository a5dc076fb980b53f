/**
 * Proves the browser test set-up has real WebRTC: two RTCPeerConnections in this page open a data channel and
 * exchange messages. Inside the test network namespace this runs over the veth interface, no STUN/TURN involved.
 */
function waitFor<T>(register: (resolve: (value: T) => void) => void, what: string, ms = 10000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe("WebRTC in this browser", () => {
  let a: RTCPeerConnection;
  let b: RTCPeerConnection;
  afterEach(() => {
    a?.close();
    b?.close();
  });

  it("opens a data channel between two RTCPeerConnections and carries messages both ways", async () => {
    a = new RTCPeerConnection({ iceServers: [] });
    b = new RTCPeerConnection({ iceServers: [] });
    a.onicecandidate = (event) => event.candidate && void b.addIceCandidate(event.candidate);
    b.onicecandidate = (event) => event.candidate && void a.addIceCandidate(event.candidate);
    const channelA = a.createDataChannel("flashmesh-test", { ordered: true });
    const channelB = waitFor<RTCDataChannel>((resolve) => (b.ondatachannel = (event) => resolve(event.channel)), "the remote data channel");

    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);

    await waitFor<void>((resolve) => (channelA.onopen = () => resolve()), "the data channel to open");
    const remote = await channelB;
    const received = waitFor<string>((resolve) => (remote.onmessage = (event) => resolve(String(event.data))), "a message at b");
    channelA.send("hello from a");
    expect(await received).toBe("hello from a");

    const echoed = waitFor<string>((resolve) => (channelA.onmessage = (event) => resolve(String(event.data))), "a message at a");
    remote.send("hello from b");
    expect(await echoed).toBe("hello from b");

    const pair = await selectedCandidateTypes(a);
    expect(pair).toEqual(["host", "host"]);
  });
});

/** Types of the local and remote candidates of the connection's selected pair. */
async function selectedCandidateTypes(connection: RTCPeerConnection): Promise<string[]> {
  const stats = await connection.getStats();
  let pairId: string | undefined;
  stats.forEach((report: { type: string; selectedCandidatePairId?: string }) => {
    if (report.type === "transport") pairId = report.selectedCandidatePairId;
  });
  const pair = pairId ? (stats.get(pairId) as { localCandidateId: string; remoteCandidateId: string }) : undefined;
  if (!pair) return [];
  return [pair.localCandidateId, pair.remoteCandidateId].map((id) => (stats.get(id) as { candidateType: string }).candidateType);
}
