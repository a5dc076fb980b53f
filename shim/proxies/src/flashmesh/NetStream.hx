package flashmesh;

import flash.errors.TypeError;

/**
 * Stands in for `flash.net.NetStream`. Its peer-to-peer kinds (`NetStream.DIRECT_CONNECTIONS`, a publisher's peer
 * ID, a groupspec) go to flashmesh's NetStream on the page; progressive and RTMP streams (`connectToFMS`, the
 * default) stay the player's own, through the superclass. Messages go as the player's own AMF3 of
 * `[handler, ...args]`; received ones come back the same way and are decoded here, for `client`. The subscriber
 * streams a publisher's `onPeerConnect` receives are made by the page and adopted here (`__fmAdopt`).
 * Audio and video: a peer-to-peer stream takes flashmesh's Camera and Microphone (`__fmAttachCamera`,
 * `__fmAttachAudio`) and its subscribers' video shows through flashmesh's Video (`__fmIsPeer`).
 */
class NetStream extends flash.net.NetStream implements Bridged {
	// AS3 statics are not inherited: the SWF's `NetStream.DIRECT_CONNECTIONS` now names this class, so it has them too
	// (as getters: these classes run without Haxe's Boot, which would initialize static vars).
	@:flash.property public static var DIRECT_CONNECTIONS(get, never):String;
	@:flash.property public static var CONNECT_TO_FMS(get, never):String;

	static function get_DIRECT_CONNECTIONS():String return "directConnections";

	static function get_CONNECT_TO_FMS():String return "connectToFMS";

	/**
	 * `videoStreamSettings`, renamed in rewritten SWFs (the player's is typed VideoStreamSettings, which flashmesh's
	 * H264VideoStreamSettings cannot extend, and keeps nothing): kept as given, read back as Flash did. It chooses
	 * nothing on the wire (flashmesh encodes VP8).
	 */
	public var __fmVideoStreamSettings:Dynamic;

	/** The page-side twin; null for the player's own streams. */
	var __fm:Twin;
	var __fmClient:Dynamic;
	/** Set by __fmAdopt while its proxy is constructed (no initializer: these classes run without Haxe's Boot). */
	static var __fmAdopting:Int;

	public function new(connection:flash.net.NetConnection, ?peerID:String) {
		var p2p = peerID != null && peerID != "connectToFMS";
		// The player's own stream stays idle for the peer-to-peer kinds: everything goes to the page.
		super(connection, p2p ? "connectToFMS" : peerID);
		__fmVideoStreamSettings = null;
		if (__fmAdopting != 0) {
			__fm = Twin.adopt(__fmAdopting, this);
			__fmAdopting = 0;
		} else if (p2p) {
			__fm = new Twin("NetStream", this, [connection, peerID]);
			__fm.handle();
		}
	}

	/** The proxy of a stream the page made (a subscriber handed to onPeerConnect), owning `handle`. */
	public static function __fmAdopt(handle:Int, args:Array<Dynamic>):NetStream {
		var connection:flash.net.NetConnection = args != null && args.length > 0 && args[0] != null ? args[0] : new flash.net.NetConnection();
		__fmAdopting = handle;
		return new NetStream(connection, "directConnections");
	}

	public function __fmHandle():Int {
		return __fm == null ? 0 : __fm.handle();
	}

	override public function publish(?name:String, ?type:String):Void {
		if (__fm != null)
			__fm.call("publish", [name, type]);
		else
			super.publish(name, type);
	}

	override public function play(...rest:Dynamic):Void {
		if (__fm != null)
			__fm.call("play", Bridge.withRest([], cast rest));
		else
			super.play(...rest);
	}

	override public function send(handlerName:String, ...rest:Dynamic):Void {
		if (__fm != null)
			__fm.call("send", [Bridge.amf(Bridge.withRest([handlerName], cast rest))]);
		else
			super.send(handlerName, ...rest);
	}

	override public function close():Void {
		if (__fm != null)
			__fm.call("close", []);
		else
			super.close();
	}

	/**
	 * Flash's `NetStream.onPeerConnect`: the default answer when the stream is its own client, `true`. Haxe's extern
	 * has it, Ruffle's NetStream does not: packing makes it a new member taking this class (ruffleSignatures.ts), so
	 * SWFs that call it directly (`ns.onPeerConnect(ns)`, as the archived dlaroche RTMFP-Client does) and subclasses
	 * that override it work; without it the call threw ReferenceError #1069.
	 */
	override public function onPeerConnect(subscriber:flash.net.NetStream):Bool {
		return true;
	}

	override private function get_client():Dynamic {
		if (__fm == null)
			return super.client;
		return __fmClient == null ? this : __fmClient;
	}

	override private function set_client(value:Dynamic):Dynamic {
		if (__fm == null)
			return super.client = value;
		if (value == null)
			throw new TypeError("Error #2004: One of the parameters is invalid.", 2004);
		__fmClient = value;
		return value;
	}

	override private function get_farID():String return __fm != null ? __fm.get("farID") : super.farID;
	override private function get_farNonce():String return __fm != null ? __fm.get("farNonce") : super.farNonce;
	override private function get_nearNonce():String return __fm != null ? __fm.get("nearNonce") : super.nearNonce;
	override private function get_peerStreams():Array<Dynamic> return __fm != null ? __fm.get("peerStreams") : super.peerStreams;
	override private function get_time():Float return __fm != null ? __fm.get("time") : super.time;
	override private function get_dataReliable():Bool return __fm != null ? __fm.get("dataReliable") : super.dataReliable;
	override private function set_dataReliable(v:Bool):Bool return __fm != null ? __fm.set("dataReliable", v) : super.dataReliable = v;

	override private function get_multicastWindowDuration():Float return __fm != null ? __fm.get("multicastWindowDuration") : super.multicastWindowDuration;
	override private function set_multicastWindowDuration(v:Float):Float
		return __fm != null ? __fm.set("multicastWindowDuration", v) : super.multicastWindowDuration = v;
	override private function get_multicastRelayMarginDuration():Float
		return __fm != null ? __fm.get("multicastRelayMarginDuration") : super.multicastRelayMarginDuration;
	override private function set_multicastRelayMarginDuration(v:Float):Float
		return __fm != null ? __fm.set("multicastRelayMarginDuration", v) : super.multicastRelayMarginDuration = v;
	override private function get_multicastFetchPeriod():Float return __fm != null ? __fm.get("multicastFetchPeriod") : super.multicastFetchPeriod;
	override private function set_multicastFetchPeriod(v:Float):Float
		return __fm != null ? __fm.set("multicastFetchPeriod", v) : super.multicastFetchPeriod = v;
	override private function get_multicastAvailabilityUpdatePeriod():Float
		return __fm != null ? __fm.get("multicastAvailabilityUpdatePeriod") : super.multicastAvailabilityUpdatePeriod;
	override private function set_multicastAvailabilityUpdatePeriod(v:Float):Float
		return __fm != null ? __fm.set("multicastAvailabilityUpdatePeriod", v) : super.multicastAvailabilityUpdatePeriod = v;
	override private function get_multicastAvailabilitySendToAll():Bool
		return __fm != null ? __fm.get("multicastAvailabilitySendToAll") : super.multicastAvailabilitySendToAll;
	override private function set_multicastAvailabilitySendToAll(v:Bool):Bool
		return __fm != null ? __fm.set("multicastAvailabilitySendToAll", v) : super.multicastAvailabilitySendToAll = v;
	override private function get_multicastPushNeighborLimit():Float
		return __fm != null ? __fm.get("multicastPushNeighborLimit") : super.multicastPushNeighborLimit;
	override private function set_multicastPushNeighborLimit(v:Float):Float
		return __fm != null ? __fm.set("multicastPushNeighborLimit", v) : super.multicastPushNeighborLimit = v;

	/**
	 * `attachCamera` as a rewritten SWF calls it (shim/swf/rewrite.ts renames the calls: the player's own method takes
	 * only the player's Camera, a final class flashmesh's cameras cannot be). A peer-to-peer stream sends the camera
	 * to its subscribers; the player's own streams have no camera of flashmesh's to take.
	 */
	public function __fmAttachCamera(camera:Dynamic, snapshotMilliseconds:Int = -1):Void {
		if (camera != null && !Std.isOfType(camera, Camera))
			throw new TypeError("Error #1034: Type Coercion failed: cannot convert " + camera + " to flash.media.Camera.", 1034);
		if (__fm != null)
			__fm.call("attachCamera", snapshotMilliseconds < 0 ? [camera] : [camera, snapshotMilliseconds]);
		else if (camera == null)
			super.attachCamera(null, snapshotMilliseconds);
		else
			Bridge.stub("flash.net.NetStream.attachCamera (an RTMP stream)");
	}

	/** `attachAudio` as a rewritten SWF calls it (renamed, as attachCamera). */
	public function __fmAttachAudio(microphone:Dynamic):Void {
		if (microphone != null && !Std.isOfType(microphone, Microphone))
			throw new TypeError("Error #1034: Type Coercion failed: cannot convert " + microphone + " to flash.media.Microphone.", 1034);
		if (__fm != null)
			__fm.call("attachAudio", [microphone]);
		else if (microphone == null)
			super.attachAudio(null);
		else
			Bridge.stub("flash.net.NetStream.attachAudio (an RTMP stream)");
	}

	override public function receiveAudio(flag:Bool):Void {
		if (__fm != null)
			__fm.call("receiveAudio", [flag]);
		else
			super.receiveAudio(flag);
	}

	override public function receiveVideo(flag:Bool):Void {
		if (__fm != null)
			__fm.call("receiveVideo", [flag]);
		else
			super.receiveVideo(flag);
	}

	/** Whether this stream is a peer-to-peer one, whose video the page shows (flashmesh.Video asks). */
	public function __fmIsPeer():Bool {
		return __fm != null;
	}

	override public function toString():String return "[object NetStream]";
}
