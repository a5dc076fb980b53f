/**
 * The NetHarness for suites run over real WebRTC in the karma page: every NetConnection opens a PeerJS session on the
 * real `flashmesh serve` started for the run (the URL a SWF gives, Adobe's Cirrus address, is rewritten to it).
 */
import { configure, resetConfiguration } from "../../../as3-api/config.js";
import type { NetHarness } from "../../support/netHarness.js";
import { until } from "../../support/until.js";
import { serverUrl } from "./environment.js";

/** A harness whose connections go to the run's `flashmesh serve`; dispose() gives closing links a moment, then resets. */
export function webrtcNetHarness(): NetHarness {
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
