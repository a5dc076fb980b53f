package flashmesh;

/**
 * Stands in for `flash.net.NetConnection` in a rewritten SWF. RTMFP (`connect("rtmfp:…")`), and any URL the page's
 * urlRewriteRules match, goes to flashmesh's NetConnection on the page; everything else (`connect(null)`, RTMP, Flash Remoting) stays the player's own, through
 * the superclass, so those keep working exactly as before.
 */
class NetConnection extends flash.net.NetConnection implements Bridged {
	var __fm:Twin;
	var __fmP2p:Bool = false;

	public function new() {
		super();
		__fm = new Twin("NetConnection", this, []);
	}

	/** The page-side twin, made on first need (an RTMP connection never makes one). */
	public function __fmHandle():Int {
		return __fm.handle();
	}

	override public function connect(command:String, ...rest:Dynamic):Void {
		if (command != null && (command.substr(0, 6).toLowerCase() == "rtmfp:" || routedByRules(command))) {
			if (!__fmP2p && super.connected)
				super.close();
			__fmP2p = true;
			// Arguments as Flash sends them to a server: AMF3 (strings as they are: developer keys are read there).
			var args:Array<Dynamic> = Bridge.withRest([command], cast rest);
			for (i in 1...args.length)
				if (!Std.isOfType(args[i], String))
					args[i] = Bridge.amf(args[i]);
			__fm.call("connect", args);
			return;
		}
		if (__fmP2p)
			__fm.call("detach", []);
		__fmP2p = false;
		super.connect(command, ...rest);
	}

	/** Whether the page's urlRewriteRules send this URL (`""`, `rtmp://…`) to flashmesh. Without ExternalInterface: no. */
	static function routedByRules(url:String):Bool {
		if (!flash.external.ExternalInterface.available)
			return false;
		try {
			return Twin.callStatic("NetConnection", "isFlashmeshUrl", [url]) == true;
		} catch (error:Dynamic) {
			return false;
		}
	}

	override public function close():Void {
		if (__fmP2p)
			__fm.call("close", []);
		else
			super.close();
	}

	override public function call(command:String, responder:flash.net.Responder, ...rest:Dynamic):Void {
		if (__fmP2p) {
			// Arguments go as Flash sends them: AMF3 (the relay target, a peer ID, too; the page reads it back).
			var args:Array<Dynamic> = [command, responder];
			for (i in 0...rest.length)
				args.push(Bridge.amf(rest[i]));
			__fm.call("call", args);
		} else
			super.call(command, responder, ...rest);
	}

	override private function get_connected():Bool {
		return __fmP2p ? __fm.get("connected") : super.connected;
	}

	override private function get_connectedProxyType():String {
		return __fmP2p ? __fm.get("connectedProxyType") : super.connectedProxyType;
	}

	override private function get_farID():String {
		return __fmP2p ? __fm.get("farID") : super.farID;
	}

	override private function get_farNonce():String {
		return __fmP2p ? __fm.get("farNonce") : super.farNonce;
	}

	override private function get_maxPeerConnections():UInt {
		return __fmP2p ? __fm.get("maxPeerConnections") : super.maxPeerConnections;
	}

	override private function set_maxPeerConnections(value:UInt):UInt {
		if (__fmP2p)
			__fm.set("maxPeerConnections", value);
		else
			super.maxPeerConnections = value;
		return value;
	}

	override private function get_nearID():String {
		return __fmP2p ? __fm.get("nearID") : super.nearID;
	}

	override private function get_nearNonce():String {
		return __fmP2p ? __fm.get("nearNonce") : super.nearNonce;
	}

	override private function get_protocol():String {
		return __fmP2p ? __fm.get("protocol") : super.protocol;
	}

	override private function get_unconnectedPeerStreams():Array<Dynamic> {
		return __fmP2p ? __fm.get("unconnectedPeerStreams") : super.unconnectedPeerStreams;
	}

	override private function get_uri():String {
		return __fmP2p ? __fm.get("uri") : super.uri;
	}

	override private function get_usingTLS():Bool {
		return __fmP2p ? __fm.get("usingTLS") : super.usingTLS;
	}
}
