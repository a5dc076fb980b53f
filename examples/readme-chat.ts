import { configure, GroupSpecifier, NetConnection, NetGroup, NetStatusEvent } from "flashmesh";

configure({ server: "http://127.0.0.1:8080" }); // your `flashmesh serve`
const nc = new NetConnection();
let group: NetGroup;
let sequence = 0; // posts must be unique, so every message carries a sequence number
nc.addEventListener(NetStatusEvent.NET_STATUS, (event) => {
  if (event.info.code === "NetConnection.Connect.Success") {
    const spec = new GroupSpecifier("myGroup/chat");
    spec.serverChannelEnabled = true;
    spec.postingEnabled = true;
    group = new NetGroup(nc, spec.groupspecWithAuthorizations());
    group.addEventListener(NetStatusEvent.NET_STATUS, ({ info }) => {
      if (info.code === "NetGroup.Neighbor.Connect") console.log("neighbour", info["peerID"]);
      if (info.code === "NetGroup.Posting.Notify") console.log("heard", info["message"]);
    });
  }
  if (event.info.code === "NetGroup.Connect.Success") group.post({ text: "hello", sequence: sequence++ });
});
nc.connect("rtmfp://p2p.rtmfp.net/my-old-cirrus-key/"); // Cirrus' URL goes to the configured server
