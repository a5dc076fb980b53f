/**
 * The object replication suite over real WebRTC: every NetConnection in this page opens a PeerJS session on the real
 * `flashmesh serve` started for the run; 64 KB objects cross real data channels.
 */
import { runReplicationSuite } from "../shared/replication-suite.js";
import { webrtcNetHarness } from "./support/webrtcNetHarness.js";


runReplicationSuite("real WebRTC through flashmesh serve", webrtcNetHarness, { objectCount: 8, objectSize: 64 * 1024, fetchers: 2 });
