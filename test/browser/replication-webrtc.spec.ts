/**
 * The object replication suite over real WebRTC: every NetConnection in this page opens a PeerJS session on the real
 * `flashmesh serve` started for the run; 64 KB objects cross real data channels.
 */
import { configure, resetConfiguration } from "../../as3-api/config.js";
import type { NetHarness } from "../support/netHarness.js";
import { until } from "../support/until.js";
import { runReplicationSuite } from "../shared/replication-suite.js";
import { serverUrl } from "./support/environment.js";

function webrtcNetHarness(): NetHarness {
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

runReplicationSuite("real WebRTC through flashmesh serve", webrtcNetHarness, { objectCount: 8, objectSize: 64 * 1024, fetchers: 2 });
