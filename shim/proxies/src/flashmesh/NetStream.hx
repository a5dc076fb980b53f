package flashmesh;

/**
 * Stands in for `flash.net.NetStream`: progressive and RTMP playback stay the player's own (the superclass); the
 * peer-to-peer kinds (DIRECT_CONNECTIONS, a publisher's peer ID, a groupspec) are not implemented yet and say so
 * through the page's `stub()`.
 */
class NetStream extends flash.net.NetStream {
	public function new(connection:flash.net.NetConnection, ?peerID:String) {
		super(connection, peerID == null ? "connectToFMS" : peerID);
		if (peerID != null && peerID != "connectToFMS")
			Bridge.stub(peerID == "directConnections" ? "flash.net.NetStream(DIRECT_CONNECTIONS)" : "flash.net.NetStream(peer-to-peer)");
	}
}
