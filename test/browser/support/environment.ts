/** What scripts/run-karma.mjs tells the page: the URL of the real `flashmesh serve` started for this run. */
export function serverUrl(): URL {
  const config = (globalThis as unknown as { __karma__?: { config?: { flashmesh?: { serverUrl?: string } } } }).__karma__?.config?.flashmesh;
  if (!config?.serverUrl) throw new Error("no flashmesh server URL in the karma config (run through scripts/run-karma.mjs)");
  return new URL(config.serverUrl);
}
