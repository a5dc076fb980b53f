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

	/** `attachCamera` as a rewritten SWF calls it (shim/swf/rewrite.ts renames the calls: the player's takes only its own Camera). */
	public function __fmAttachCamera(camera:Dynamic, snapshotMilliseconds:Int = -1):Void {
		Bridge.stub("flash.net.NetStream.attachCamera");
	}

	/** `attachAudio` as a rewritten SWF calls it (renamed, as attachCamera). */
	public function __fmAttachAudio(microphone:Dynamic):Void {
		Bridge.stub("flash.net.NetStream.attachAudio");
	}

	/** Whether this stream is a peer-to-peer one whose video the page shows (flashmesh.Video asks). None yet. */
	public function __fmIsPeer():Bool {
		return false;
	}
}
