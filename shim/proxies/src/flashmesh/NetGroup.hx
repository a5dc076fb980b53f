package flashmesh;

/**
 * Stands in for `flash.net.NetGroup` (a stub in Ruffle): every member goes to flashmesh's NetGroup on the page.
 * Signatures are Flash Player's own (Object, Number, int…), so a SWF's `class UserGroup extends NetGroup` overriding
 * them stays a legal override.
 */
class NetGroup extends flash.events.EventDispatcher implements Bridged {
	var __fm:Twin;

	@:flash.property public var estimatedMemberCount(get, never):Float;
	@:flash.property public var info(get, never):NetGroupInfo;
	@:flash.property public var localCoverageFrom(get, never):String;
	@:flash.property public var localCoverageTo(get, never):String;
	@:flash.property public var neighborCount(get, never):Float;
	@:flash.property public var receiveMode(get, set):String;
	@:flash.property public var replicationStrategy(get, set):String;

	public function new(connection:NetConnection, groupspec:String) {
		super();
		__fm = new Twin("NetGroup", this, [connection, groupspec]);
		__fm.handle();
	}

	public function __fmHandle():Int {
		return __fm.handle();
	}

	function get_estimatedMemberCount():Float return __fm.get("estimatedMemberCount");

	function get_info():NetGroupInfo {
		var r:Dynamic = __fm.get("info");
		return new NetGroupInfo(r.postingSendDataBytesPerSecond, r.postingSendControlBytesPerSecond, r.postingReceiveDataBytesPerSecond,
			r.postingReceiveControlBytesPerSecond, r.routingSendBytesPerSecond, r.routingReceiveBytesPerSecond, r.objectReplicationSendBytesPerSecond,
			r.objectReplicationReceiveBytesPerSecond);
	}

	function get_localCoverageFrom():String return __fm.get("localCoverageFrom");

	function get_localCoverageTo():String return __fm.get("localCoverageTo");

	function get_neighborCount():Float return __fm.get("neighborCount");

	function get_receiveMode():String return __fm.get("receiveMode");

	function set_receiveMode(value:String):String {
		return __fm.set("receiveMode", value);
	}

	function get_replicationStrategy():String return __fm.get("replicationStrategy");

	function set_replicationStrategy(value:String):String {
		return __fm.set("replicationStrategy", value);
	}

	public function addHaveObjects(startIndex:Float, endIndex:Float):Void __fm.call("addHaveObjects", [startIndex, endIndex]);

	public function addMemberHint(peerID:String):Bool return __fm.call("addMemberHint", [peerID]);

	public function addNeighbor(peerID:String):Bool return __fm.call("addNeighbor", [peerID]);

	public function addWantObjects(startIndex:Float, endIndex:Float):Void __fm.call("addWantObjects", [startIndex, endIndex]);

	public function close():Void __fm.call("close", []);

	public function convertPeerIDToGroupAddress(peerID:String):String return __fm.call("convertPeerIDToGroupAddress", [peerID]);

	public function denyRequestedObject(requestID:Int):Void __fm.call("denyRequestedObject", [requestID]);

	public function post(message:flash.utils.Object):String return __fm.call("post", [Bridge.amf(message)]);

	public function removeHaveObjects(startIndex:Float, endIndex:Float):Void __fm.call("removeHaveObjects", [startIndex, endIndex]);

	public function removeWantObjects(startIndex:Float, endIndex:Float):Void __fm.call("removeWantObjects", [startIndex, endIndex]);

	public function sendToAllNeighbors(message:flash.utils.Object):String return __fm.call("sendToAllNeighbors", [Bridge.amf(message)]);

	public function sendToNearest(message:flash.utils.Object, groupAddress:String):String return __fm.call("sendToNearest", [Bridge.amf(message), groupAddress]);

	public function sendToNeighbor(message:flash.utils.Object, sendMode:String):String return __fm.call("sendToNeighbor", [Bridge.amf(message), sendMode]);

	public function writeRequestedObject(requestID:Int, object:flash.utils.Object):Void __fm.call("writeRequestedObject", [requestID, Bridge.amf(object)]);

	override public function toString():String return "[object NetGroup]";
}
