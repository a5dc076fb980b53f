/** What scripts/run-karma.mjs tells the page: the URL of the real `flashmesh serve` started for this run. */
export function serverUrl(): URL {
  const config = (globalThis as unknown as { __karma__?: { config?: { flashmesh?: { serverUrl?: string } } } }).__karma__?.config?.flashmesh;
  if (!config?.serverUrl) throw new Error("no flashmesh server URL in the karma config (run through scripts/run-karma.mjs)");
  return new URL(config.serverUrl);
}

/** The URL of the `flashmesh serve --apps test/apps` scripts/run-karma.mjs started (server-side applications). */
export function appsServerUrl(): URL {
  const config = (globalThis as unknown as { __karma__?: { config?: { flashmesh?: { appsServerUrl?: string } } } }).__karma__?.config?.flashmesh;
  if (!config?.appsServerUrl) throw new Error("no flashmesh apps server URL in the karma config (run through scripts/run-karma.mjs)");
  return new URL(config.appsServerUrl);
}
