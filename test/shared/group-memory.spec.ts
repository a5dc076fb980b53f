/** The group suite on the in-memory network (simulated time), with dozens of members. */
import { memoryHarness } from "../support/memoryHarness.js";
import { runGroupSuite } from "./group-suite.js";

runGroupSuite("the memory network", () => memoryHarness(), 40);
