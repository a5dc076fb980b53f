import { memoryNetHarness } from "../support/netHarness.js";
import { runNetSuite } from "./net-suite.js";

runNetSuite("the memory network", () => memoryNetHarness());
