/**
 * What a page's flashmesh objects look like now, for a failing end-to-end spec's message: every NetConnection,
 * NetGroup and NetStream the page's SWFs made (through the bridge's contexts), with the mesh as the group sees it and
 * the multicast fragment counters. A fixture that times out then says where it stopped (no neighbour, a group never
 * connected, fragments never pushed) rather than only which trace lines are missing.
 */
import type { Page } from "playwright-core";

/** One line per object of `page`, or why there are none. */
export async function meshReport(page: Page): Promise<string> {
  try {
    return await page.evaluate(() => {
      interface Flashmesh {
        NetConnection: new () => object;
        NetGroup: new () => object;
        NetStream: new () => object;
        inspectNetGroup(group: unknown): { name: string; connected: boolean; neighbors: unknown[]; members: unknown[]; estimatedMemberCount: number; bytes: Record<string, number> } | null;
      }
      const scope = globalThis as unknown as { flashmesh?: Flashmesh; __flashmeshBridge?: { bridge: { contexts: Map<string, { objects: Map<number, object> }> } } };
      const flashmesh = scope.flashmesh;
      const contexts = scope.__flashmeshBridge?.bridge.contexts;
      if (flashmesh === undefined || contexts === undefined) return "(no flashmesh on the page)";
      const lines: string[] = [];
      for (const [token, context] of contexts) {
        for (const [handle, object] of context.objects) {
          const at = `${token.slice(0, 6)}#${handle}`;
          const any = object as Record<string, unknown>;
          if (object instanceof flashmesh.NetConnection) lines.push(`${at} NetConnection connected=${String(any["connected"])} nearID=${String(any["nearID"]).slice(0, 8)}`);
          else if (object instanceof flashmesh.NetGroup) {
            const view = flashmesh.inspectNetGroup(object);
            lines.push(view === null ? `${at} NetGroup (not inspectable)` : `${at} NetGroup ${view.name} connected=${view.connected} neighbours=${view.neighbors.length} members=${view.members.length} estimated=${view.estimatedMemberCount} bytes=${JSON.stringify(view.bytes)}`);
          } else if (object instanceof flashmesh.NetStream) {
            const info = any["multicastInfo"] as Record<string, number>;
            const figures = ["fragmentsPushedToPeers", "fragmentsRequestedByPeers", "fragmentsPushedFromPeers", "fragmentsRequestedFromPeers"].map((name) => `${name}=${info[name]}`).join(" ");
            lines.push(`${at} NetStream farID=${String(any["farID"]).slice(0, 8)} ${figures}`);
          }
        }
      }
      return lines.length === 0 ? "(no flashmesh objects)" : lines.join("\n");
    });
  } catch (error) {
    return `(could not read the page: ${(error as Error).message})`;
  }
}
