/** The P2P NetStream suites over the memory network (simulated time). */
import { memoryNetHarness } from "../support/netHarness.js";
import { runMulticastSuite } from "./multicast-suite.js";
import { runStreamSuite } from "./stream-suite.js";

runStreamSuite("the memory network", () => memoryNetHarness());
runMulticastSuite("the memory network", () => memoryNetHarness());
