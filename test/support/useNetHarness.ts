/**
 * The per-spec lifecycle every flash.net suite shares: a fresh harness before each spec; after it, the spec's
 * NetConnections closed and the harness disposed (so no session outlives its spec).
 */
import type { NetConnection } from "../../as3-api/flash/net/NetConnection.js";
import type { NetHarness } from "./netHarness.js";

/**
 * Registers beforeEach/afterEach in the calling `describe`. Specs push the connections they open onto
 * `connections`; the returned function gives the current spec's harness.
 */
export function useNetHarness<H extends NetHarness>(make: () => H, connections: NetConnection[]): () => H {
  let harness: H | null = null;
  beforeEach(() => {
    harness = make();
  });
  afterEach(async () => {
    for (const nc of connections.splice(0)) nc.close();
    await harness?.dispose();
    harness = null;
  });
  return () => {
    if (harness === null) throw new Error("the net harness exists only while a spec runs");
    return harness;
  };
}
