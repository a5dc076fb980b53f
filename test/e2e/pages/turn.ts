/**
 * One group member per page for the TURN spec: connects to the `flashmesh serve` that served the page with no ICE
 * configuration of its own unless the spec passes one (else what the server hands out in FM-WELCOME is all it has), joins a posting group,
 * and reports codes, descriptions and posts to the spec through `window.turnPeer`.
 */
import { configure, GroupSpecifier, NetConnection, NetGroup, NetStatusEvent } from "../../../as3-api/index.js";

/** What a page reports. */
export interface TurnPeerState {
  /** `nc:` or `ng:`, the code, and the description when there is one. */
  readonly events: string[];
  readonly neighbours: number;
  readonly posts: string[];
  readonly groupConnected: boolean;
}

const events: string[] = [];
const posts: string[] = [];
let group: NetGroup | null = null;
let groupConnected = false;
let sequence = 0;

const turnPeer = {
  /** Joins `groupName`; `iceServers`, when given, are the page's own (configure()), which win over the server's. */
  start(groupName: string, iceServers?: RTCIceServer[]): void {
    if (iceServers !== undefined) configure({ iceServers });
    const nc = new NetConnection();
    nc.addEventListener(NetStatusEvent.NET_STATUS, (event) => {
      const { code, description } = event.info as { code: string; description?: string };
      events.push(`nc:${code}${description === undefined ? "" : ` ${description}`}`);
      if (code === "NetConnection.Connect.Success") {
        const spec = new GroupSpecifier(groupName);
        spec.serverChannelEnabled = true;
        spec.postingEnabled = true;
        group = new NetGroup(nc, spec.groupspecWithAuthorizations());
        group.addEventListener(NetStatusEvent.NET_STATUS, ({ info }) => {
          events.push(`ng:${info.code}`);
          if (info.code === "NetGroup.Posting.Notify") posts.push(String((info["message"] as { text: string }).text));
        });
      }
      if (code === "NetGroup.Connect.Success") groupConnected = true;
    });
    nc.connect("rtmfp://p2p.rtmfp.net/turn-e2e-key/");
  },
  post(text: string): void {
    group?.post({ text, sequence: sequence++ });
  },
  state(): TurnPeerState {
    return { events, neighbours: group?.neighborCount ?? 0, posts, groupConnected };
  },
};

(globalThis as unknown as { turnPeer: typeof turnPeer }).turnPeer = turnPeer;
