package flashmesh;

/**
 * Stands in for `flash.net.NetGroup` (a stub in Ruffle): every member goes to flashmesh's NetGroup on the page.
 * Signatures are Flash Player's own (Object, Number, int…), so a SWF's `class UserGroup extends NetGroup` overriding
 * them stays a legal override.
 */
class NetGroup extends flash.events.EventDispatcher {
	var __fmh:Int = 0;

	@:flash.property public var estimatedMemberCount(get, never):Float;
	@:flash.property public var info(get, never):NetGroupInfo;
	@:flash.property public var localCoverageFrom(get, never):String;
	@:flash.property public var localCoverageTo(get, never):String;
	@:flash.property public var neighborCount(get, never):Float;
	@:flash.property public var receiveMode(get, set):String;
	@:flash.property public var replicationStrategy(get, set):String;

	public function new(connection:NetConnection, groupspec:String) {
		super();
		__fmh = Bridge.create("NetGroup", this, [connection, groupspec]);
	}

	public function __fmHandle():Int {
		return __fmh;
	}

	function get_estimatedMemberCount():Float return Bridge.call(__fmh, "get estimatedMemberCount", []);

	function get_info():NetGroupInfo {
		var r:Dynamic = Bridge.call(__fmh, "get info", []);
		return new NetGroupInfo(r.postingSendDataBytesPerSecond, r.postingSendControlBytesPerSecond, r.postingReceiveDataBytesPerSecond,
			r.postingReceiveControlBytesPerSecond, r.routingSendBytesPerSecond, r.routingReceiveBytesPerSecond, r.objectReplicationSendBytesPerSecond,
			r.objectReplicationReceiveBytesPerSecond);
	}

	function get_localCoverageFrom():String return Bridge.call(__fmh, "get localCoverageFrom", []);

	function get_localCoverageTo():String return Bridge.call(__fmh, "get localCoverageTo", []);

	function get_neighborCount():Float return Bridge.call(__fmh, "get neighborCount", []);

	function get_receiveMode():String return Bridge.call(__fmh, "get receiveMode", []);

	function set_receiveMode(value:String):String {
		Bridge.call(__fmh, "set receiveMode", [value]);
		return value;
	}

	function get_replicationStrategy():String return Bridge.call(__fmh, "get replicationStrategy", []);

	function set_replicationStrategy(value:String):String {
		Bridge.call(__fmh, "set replicationStrategy", [value]);
		return value;
	}

	public function addHaveObjects(startIndex:Float, endIndex:Float):Void Bridge.call(__fmh, "addHaveObjects", [startIndex, endIndex]);

	public function addMemberHint(peerID:String):Bool return Bridge.call(__fmh, "addMemberHint", [peerID]);

	public function addNeighbor(peerID:String):Bool return Bridge.call(__fmh, "addNeighbor", [peerID]);

	public function addWantObjects(startIndex:Float, endIndex:Float):Void Bridge.call(__fmh, "addWantObjects", [startIndex, endIndex]);

	public function close():Void Bridge.call(__fmh, "close", []);

	public function convertPeerIDToGroupAddress(peerID:String):String return Bridge.call(__fmh, "convertPeerIDToGroupAddress", [peerID]);

	public function denyRequestedObject(requestID:Int):Void Bridge.call(__fmh, "denyRequestedObject", [requestID]);

	public function post(message:flash.utils.Object):String return Bridge.call(__fmh, "post", [Bridge.amf(message)]);

	public function removeHaveObjects(startIndex:Float, endIndex:Float):Void Bridge.call(__fmh, "removeHaveObjects", [startIndex, endIndex]);

	public function removeWantObjects(startIndex:Float, endIndex:Float):Void Bridge.call(__fmh, "removeWantObjects", [startIndex, endIndex]);

	public function sendToAllNeighbors(message:flash.utils.Object):String return Bridge.call(__fmh, "sendToAllNeighbors", [Bridge.amf(message)]);

	public function sendToNearest(message:flash.utils.Object, groupAddress:String):String return Bridge.call(__fmh, "sendToNearest", [Bridge.amf(message), groupAddress]);

	public function sendToNeighbor(message:flash.utils.Object, sendMode:String):String return Bridge.call(__fmh, "sendToNeighbor", [Bridge.amf(message), sendMode]);

	public function writeRequestedObject(requestID:Int, object:flash.utils.Object):Void Bridge.call(__fmh, "writeRequestedObject", [requestID, Bridge.amf(object)]);

	override public function toString():String return "[object NetGroup]";
}
