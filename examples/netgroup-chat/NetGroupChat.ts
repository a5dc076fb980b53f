/**
 * Adobe's NetGroup chat sample (the Flash Player 10.1 "posting" chat: a NetConnection to Cirrus, a group with
 * posting and a server channel, messages carrying the sender's group address, user name, text and a sequence
 * number, and a neighbour list), ported line for line from ActionScript to TypeScript on flashmesh. One status
 * handler serves the NetConnection and the NetGroup, as in the original; the UI became callbacks.
 */
import { GroupSpecifier, NetConnection, NetGroup, NetStatusEvent } from "../../as3-api/index.js";

/** A chat message as the sample posts it. */
export interface ChatMessage {
  sender: string;
  user: string;
  text: string;
  sequence: number;
}

/** What the sample's UI showed. */
export interface ChatView {
  /** The sample wrote every status code into its text area. */
  status(code: string): void;
  message(message: ChatMessage, local: boolean): void;
  neighbours(peerIDs: readonly string[]): void;
}

export class NetGroupChat {
  readonly netConnection = new NetConnection();
  netGroup: NetGroup | null = null;
  connected = false;
  #sequence = 0;
  readonly #neighbours: string[] = [];

  constructor(
    readonly server: string,
    readonly user: string,
    readonly view: ChatView,
    readonly groupName = "myGroup/groupOne",
  ) {}

  connect(): void {
    this.netConnection.addEventListener(NetStatusEvent.NET_STATUS, this.#netStatus);
    this.netConnection.connect(this.server);
  }

  sendMessage(text: string): void {
    if (!this.connected || this.netGroup === null) return;
    const message: ChatMessage = {
      sender: this.netGroup.convertPeerIDToGroupAddress(this.netConnection.nearID),
      user: this.user,
      text,
      sequence: this.#sequence++, // posts must be unique: the sequence number makes repeated texts distinct
    };
    this.netGroup.post(message);
    this.view.message(message, true); // the poster does not hear its own post: the sample echoed it
  }

  close(): void {
    this.netConnection.close();
  }

  readonly #netStatus = (event: NetStatusEvent): void => {
    this.view.status(event.info.code);
    switch (event.info.code) {
      case "NetConnection.Connect.Success":
        this.#setupGroup();
        break;
      case "NetGroup.Connect.Success":
        this.connected = true;
        break;
      case "NetGroup.Posting.Notify":
        this.view.message(event.info["message"] as ChatMessage, false);
        break;
      case "NetGroup.Neighbor.Connect":
        this.#neighbours.push(event.info["peerID"] as string);
        this.view.neighbours([...this.#neighbours]);
        break;
      case "NetGroup.Neighbor.Disconnect":
        this.#neighbours.splice(this.#neighbours.indexOf(event.info["peerID"] as string), 1);
        this.view.neighbours([...this.#neighbours]);
        break;
    }
  };

  #setupGroup(): void {
    const groupspec = new GroupSpecifier(this.groupName);
    groupspec.serverChannelEnabled = true;
    groupspec.postingEnabled = true;
    this.netGroup = new NetGroup(this.netConnection, groupspec.groupspecWithAuthorizations());
    this.netGroup.addEventListener(NetStatusEvent.NET_STATUS, this.#netStatus);
  }
}
