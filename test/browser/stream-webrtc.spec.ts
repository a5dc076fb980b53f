/**
 * The P2P NetStream suite over real WebRTC: every NetConnection in this page opens a PeerJS session on the real
 * `flashmesh serve` started for the run, and streams flow over real data channels (the unreliable one included).
 */
import { runMulticastSuite } from "../shared/multicast-suite.js";
import { runStreamSuite } from "../shared/stream-suite.js";
import { webrtcNetHarness } from "./support/webrtcNetHarness.js";


runStreamSuite("real WebRTC through flashmesh serve", webrtcNetHarness);
runMulticastSuite("real WebRTC through flashmesh serve", webrtcNetHarness);
