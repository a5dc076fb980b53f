/**
 * One chat peer per page: Adobe's NetGroup chat sample (examples/netgroup-chat) with no configuration at all, so
 * the SWF-era URL `rtmfp://p2p.rtmfp.net/<key>/` goes to the server that served this page. The spec drives it
 * through `window.chatPeer` and reads what the sample's UI would have shown.
 */
import { NetGroupChat, type ChatMessage } from "../../../examples/netgroup-chat/NetGroupChat.js";
import { NetStatusEvent } from "../../../as3-api/index.js";

/** What a page reports. */
export interface ChatPeerState {
  readonly connected: boolean;
  readonly nearID: string;
  /** `nc:` or `ng:` and the code of every NetStatusEvent, in order. */
  readonly events: string[];
  readonly neighbours: readonly string[];
  readonly messages: ChatMessage[];
  /** Info objects of Neighbor.Connect/Disconnect, for their fields. */
  readonly neighbourInfos: { code: string; neighbor: unknown; peerID: unknown; level: string }[];
}

let chat: NetGroupChat | null = null;
const events: string[] = [];
const messages: ChatMessage[] = [];
const neighbourInfos: ChatPeerState["neighbourInfos"] = [];
let neighbours: readonly string[] = [];

function record(label: string) {
  return (event: NetStatusEvent): void => {
    events.push(`${label}:${event.info.code}`);
    if (event.info.code.startsWith("NetGroup.Neighbor.")) {
      neighbourInfos.push({ code: event.info.code, neighbor: event.info["neighbor"], peerID: event.info["peerID"], level: event.info.level });
    }
  };
}

const chatPeer = {
  start(user: string, groupName: string): void {
    chat = new NetGroupChat("rtmfp://p2p.rtmfp.net/e2e-developer-key/", user, {
      status: () => undefined,
      message: (message, local) => void (local ? undefined : messages.push(message)),
      neighbours: (list) => void (neighbours = list),
    }, groupName);
    chat.netConnection.addEventListener(NetStatusEvent.NET_STATUS, record("nc"));
    chat.netConnection.addEventListener(NetStatusEvent.NET_STATUS, (event) => {
      // The sample made its NetGroup in its own handler, which ran first.
      if (event.info.code === "NetConnection.Connect.Success") chat!.netGroup!.addEventListener(NetStatusEvent.NET_STATUS, record("ng"));
    }, false, -1);
    chat.connect();
  },
  state(): ChatPeerState {
    const nc = chat?.netConnection;
    return { connected: chat?.connected ?? false, nearID: nc?.connected ? nc.nearID : "", events, neighbours, messages, neighbourInfos };
  },
  send(text: string): void {
    chat!.sendMessage(text);
  },
  close(): void {
    chat?.close();
  },
};

(globalThis as unknown as { chatPeer: typeof chatPeer }).chatPeer = chatPeer;
