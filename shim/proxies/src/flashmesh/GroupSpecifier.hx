package flashmesh;

/**
 * `flash.net.GroupSpecifier`, which Ruffle lacks: a front for flashmesh's byte-exact GroupSpecifier on the page, so
 * groupspec strings, password hashes and `makeUnique()` come from one implementation. The page side knows this SWF's
 * version, which sets the default `minGroupspecVersion` as in Flash Player.
 */
class GroupSpecifier implements Bridged {
	var __fm:Twin;

	@:flash.property public var routingEnabled(get, set):Bool;
	@:flash.property public var multicastEnabled(get, set):Bool;
	@:flash.property public var objectReplicationEnabled(get, set):Bool;
	@:flash.property public var postingEnabled(get, set):Bool;
	@:flash.property public var serverChannelEnabled(get, set):Bool;
	@:flash.property public var peerToPeerDisabled(get, set):Bool;
	@:flash.property public var ipMulticastMemberUpdatesEnabled(get, set):Bool;
	@:flash.property public var minGroupspecVersion(get, set):Int;
	@:flash.property public static var maxSupportedGroupspecVersion(get, never):Int;

	public function new(name:String) {
		__fm = new Twin("GroupSpecifier", this, [name]);
		__fm.handle();
	}

	public function __fmHandle():Int {
		return __fm.handle();
	}

	function get_routingEnabled():Bool return __fm.get("routingEnabled");
	function set_routingEnabled(v:Bool):Bool return __fm.set("routingEnabled", v);
	function get_multicastEnabled():Bool return __fm.get("multicastEnabled");
	function set_multicastEnabled(v:Bool):Bool return __fm.set("multicastEnabled", v);
	function get_objectReplicationEnabled():Bool return __fm.get("objectReplicationEnabled");
	function set_objectReplicationEnabled(v:Bool):Bool return __fm.set("objectReplicationEnabled", v);
	function get_postingEnabled():Bool return __fm.get("postingEnabled");
	function set_postingEnabled(v:Bool):Bool return __fm.set("postingEnabled", v);
	function get_serverChannelEnabled():Bool return __fm.get("serverChannelEnabled");
	function set_serverChannelEnabled(v:Bool):Bool return __fm.set("serverChannelEnabled", v);
	function get_peerToPeerDisabled():Bool return __fm.get("peerToPeerDisabled");
	function set_peerToPeerDisabled(v:Bool):Bool return __fm.set("peerToPeerDisabled", v);
	function get_ipMulticastMemberUpdatesEnabled():Bool return __fm.get("ipMulticastMemberUpdatesEnabled");
	function set_ipMulticastMemberUpdatesEnabled(v:Bool):Bool return __fm.set("ipMulticastMemberUpdatesEnabled", v);
	function get_minGroupspecVersion():Int return __fm.get("minGroupspecVersion");
	function set_minGroupspecVersion(v:Int):Int return __fm.set("minGroupspecVersion", v);
	static function get_maxSupportedGroupspecVersion():Int return Twin.callStatic("GroupSpecifier", "maxSupportedGroupspecVersion", []);

	public function setPublishPassword(?password:String, ?salt:String):Void __fm.call("setPublishPassword", [password, salt]);
	public function setPostingPassword(?password:String, ?salt:String):Void __fm.call("setPostingPassword", [password, salt]);
	public function makeUnique():Void __fm.call("makeUnique", []);
	public function addBootstrapPeer(peerID:String):Void __fm.call("addBootstrapPeer", [peerID]);
	public function addIPMulticastAddress(address:String, ?port:Dynamic, ?source:String):Void
		__fm.call("addIPMulticastAddress", [address, port, source]);
	public function groupspecWithoutAuthorizations():String return __fm.call("groupspecWithoutAuthorizations", []);
	public function groupspecWithAuthorizations():String return __fm.call("groupspecWithAuthorizations", []);
	public function authorizations():String return __fm.call("authorizations", []);
	public function toString():String return __fm.call("toString", []);

	public static function encodePostingAuthorization(password:String):String return Twin.callStatic("GroupSpecifier", "encodePostingAuthorization", [password]);
	public static function encodePublishAuthorization(password:String):String return Twin.callStatic("GroupSpecifier", "encodePublishAuthorization", [password]);
	public static function encodeIPMulticastAddressSpec(address:String, ?port:Dynamic, ?source:String):String
		return Twin.callStatic("GroupSpecifier", "encodeIPMulticastAddressSpec", [address, port, source]);
	public static function encodeBootstrapPeerIDSpec(peerID:String):String return Twin.callStatic("GroupSpecifier", "encodeBootstrapPeerIDSpec", [peerID]);
}
