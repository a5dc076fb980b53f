/** The object replication suite on the in-memory network (simulated time): one seeder, three fetchers, 64 KB objects. */
import { memoryNetHarness } from "../support/netHarness.js";
import { runReplicationSuite } from "./replication-suite.js";

runReplicationSuite("the memory network", () => memoryNetHarness(), { objectCount: 16, objectSize: 64 * 1024, fetchers: 3 });
