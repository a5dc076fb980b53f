/**
 * The P2P NetStream suite over real WebRTC: every NetConnection in this page opens a PeerJS session on the real
 * `flashmesh serve` started for the run, and streams flow over real data channels (the unreliable one included).
 */
import { configure, resetConfiguration } from "../../as3-api/config.js";
import type { NetHarness } from "../support/netHarness.js";
import { until } from "../support/until.js";
import { runMulticastSuite } from "../shared/multicast-suite.js";
import { runStreamSuite } from "../shared/stream-suite.js";
import { serverUrl } from "./support/environment.js";

function webrtcHarness(): NetHarness {
  configure({ server: serverUrl().origin });
  return {
    connectUrl: "rtmfp://p2p.rtmfp.net/flashmesh-test-key/",
    waitFor: until,
    settle: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    async dispose() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      resetConfiguration();
    },
  };
}

runStreamSuite("real WebRTC through flashmesh serve", webrtcHarness);
runMulticastSuite("real WebRTC through flashmesh serve", webrtcHarness);
