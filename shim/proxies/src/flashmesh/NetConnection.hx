package flashmesh;

/**
 * Stands in for `flash.net.NetConnection` in a rewritten SWF. RTMFP (`connect("rtmfp:…")`), and any URL the page's
 * urlRewriteRules match, goes to flashmesh's NetConnection on the page; everything else (`connect(null)`, RTMP, Flash Remoting) stays the player's own, through
 * the superclass, so those keep working exactly as before.
 */
class NetConnection extends flash.net.NetConnection {
	var __fmh:Int = 0;
	var __fmP2p:Bool = false;

	public function new() {
		super();
	}

	/** The page-side twin, made on first need. */
	public function __fmHandle():Int {
		if (__fmh == 0)
			__fmh = Bridge.create("NetConnection", this, []);
		return __fmh;
	}

	override public function connect(command:String, ...rest:Dynamic):Void {
		if (command != null && (command.substr(0, 6).toLowerCase() == "rtmfp:" || routedByRules(command))) {
			if (!__fmP2p && super.connected)
				super.close();
			__fmP2p = true;
			// Arguments as Flash sends them to a server: AMF3 (strings as they are: developer keys are read there).
			var args:Array<Dynamic> = [command];
			for (i in 0...rest.length)
				args.push(Std.isOfType(rest[i], String) ? rest[i] : Bridge.amf(rest[i]));
			Bridge.call(__fmHandle(), "connect", args);
			return;
		}
		if (__fmP2p)
			Bridge.call(__fmh, "detach", []);
		__fmP2p = false;
		super.connect(command, ...rest);
	}

	/** Whether the page's urlRewriteRules send this URL (`""`, `rtmp://…`) to flashmesh. Without ExternalInterface: no. */
	static function routedByRules(url:String):Bool {
		if (!flash.external.ExternalInterface.available)
			return false;
		try {
			return Bridge.call(0, "NetConnection.isFlashmeshUrl", [url]) == true;
		} catch (error:Dynamic) {
			return false;
		}
	}

	override public function close():Void {
		if (__fmP2p)
			Bridge.call(__fmh, "close", []);
		else
			super.close();
	}

	override public function call(command:String, responder:flash.net.Responder, ...rest:Dynamic):Void {
		if (__fmP2p) {
			// Arguments go as Flash sends them: AMF3 (the relay target, a peer ID, too; the page reads it back).
			var args:Array<Dynamic> = [command, responder];
			for (i in 0...rest.length)
				args.push(Bridge.amf(rest[i]));
			Bridge.call(__fmh, "call", args);
		} else
			super.call(command, responder, ...rest);
	}

	override private function get_connected():Bool {
		return __fmP2p ? Bridge.call(__fmh, "get connected", []) : super.connected;
	}

	override private function get_connectedProxyType():String {
		return __fmP2p ? Bridge.call(__fmh, "get connectedProxyType", []) : super.connectedProxyType;
	}

	override private function get_farID():String {
		return __fmP2p ? Bridge.call(__fmh, "get farID", []) : super.farID;
	}

	override private function get_farNonce():String {
		return __fmP2p ? Bridge.call(__fmh, "get farNonce", []) : super.farNonce;
	}

	override private function get_nearID():String {
		return __fmP2p ? Bridge.call(__fmh, "get nearID", []) : super.nearID;
	}

	override private function get_nearNonce():String {
		return __fmP2p ? Bridge.call(__fmh, "get nearNonce", []) : super.nearNonce;
	}

	override private function get_protocol():String {
		return __fmP2p ? Bridge.call(__fmh, "get protocol", []) : super.protocol;
	}

	override private function get_unconnectedPeerStreams():Array<Dynamic> {
		return __fmP2p ? Bridge.call(__fmh, "get unconnectedPeerStreams", []) : super.unconnectedPeerStreams;
	}

	override private function get_uri():String {
		return __fmP2p ? Bridge.call(__fmh, "get uri", []) : super.uri;
	}

	override private function get_usingTLS():Bool {
		return __fmP2p ? Bridge.call(__fmh, "get usingTLS", []) : super.usingTLS;
	}
}
