package flashmesh;

/**
 * `flash.net.GroupSpecifier`, which Ruffle lacks: a front for flashmesh's byte-exact GroupSpecifier on the page, so
 * groupspec strings, password hashes and `makeUnique()` come from one implementation. The page side knows this SWF's
 * version, which sets the default `minGroupspecVersion` as in Flash Player.
 */
class GroupSpecifier {
	var __fmh:Int;

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
		__fmh = Bridge.create("GroupSpecifier", this, [name]);
	}

	public function __fmHandle():Int {
		return __fmh;
	}

	function get_routingEnabled():Bool return Bridge.call(__fmh, "get routingEnabled", []);
	function set_routingEnabled(v:Bool):Bool return __fmSet("routingEnabled", v);
	function get_multicastEnabled():Bool return Bridge.call(__fmh, "get multicastEnabled", []);
	function set_multicastEnabled(v:Bool):Bool return __fmSet("multicastEnabled", v);
	function get_objectReplicationEnabled():Bool return Bridge.call(__fmh, "get objectReplicationEnabled", []);
	function set_objectReplicationEnabled(v:Bool):Bool return __fmSet("objectReplicationEnabled", v);
	function get_postingEnabled():Bool return Bridge.call(__fmh, "get postingEnabled", []);
	function set_postingEnabled(v:Bool):Bool return __fmSet("postingEnabled", v);
	function get_serverChannelEnabled():Bool return Bridge.call(__fmh, "get serverChannelEnabled", []);
	function set_serverChannelEnabled(v:Bool):Bool return __fmSet("serverChannelEnabled", v);
	function get_peerToPeerDisabled():Bool return Bridge.call(__fmh, "get peerToPeerDisabled", []);
	function set_peerToPeerDisabled(v:Bool):Bool return __fmSet("peerToPeerDisabled", v);
	function get_ipMulticastMemberUpdatesEnabled():Bool return Bridge.call(__fmh, "get ipMulticastMemberUpdatesEnabled", []);
	function set_ipMulticastMemberUpdatesEnabled(v:Bool):Bool return __fmSet("ipMulticastMemberUpdatesEnabled", v);
	function get_minGroupspecVersion():Int return Bridge.call(__fmh, "get minGroupspecVersion", []);
	function set_minGroupspecVersion(v:Int):Int return __fmSet("minGroupspecVersion", v);
	static function get_maxSupportedGroupspecVersion():Int return Bridge.call(0, "GroupSpecifier.maxSupportedGroupspecVersion", []);

	function __fmSet(name:String, value:Dynamic):Dynamic {
		Bridge.call(__fmh, "set " + name, [value]);
		return value;
	}

	public function setPublishPassword(?password:String, ?salt:String):Void Bridge.call(__fmh, "setPublishPassword", [password, salt]);
	public function setPostingPassword(?password:String, ?salt:String):Void Bridge.call(__fmh, "setPostingPassword", [password, salt]);
	public function makeUnique():Void Bridge.call(__fmh, "makeUnique", []);
	public function addBootstrapPeer(peerID:String):Void Bridge.call(__fmh, "addBootstrapPeer", [peerID]);
	public function addIPMulticastAddress(address:String, ?port:Dynamic, ?source:String):Void
		Bridge.call(__fmh, "addIPMulticastAddress", [address, port, source]);
	public function groupspecWithoutAuthorizations():String return Bridge.call(__fmh, "groupspecWithoutAuthorizations", []);
	public function groupspecWithAuthorizations():String return Bridge.call(__fmh, "groupspecWithAuthorizations", []);
	public function authorizations():String return Bridge.call(__fmh, "authorizations", []);
	public function toString():String return Bridge.call(__fmh, "toString", []);

	public static function encodePostingAuthorization(password:String):String return Bridge.call(0, "GroupSpecifier.encodePostingAuthorization", [password]);
	public static function encodePublishAuthorization(password:String):String return Bridge.call(0, "GroupSpecifier.encodePublishAuthorization", [password]);
	public static function encodeIPMulticastAddressSpec(address:String, ?port:Dynamic, ?source:String):String
		return Bridge.call(0, "GroupSpecifier.encodeIPMulticastAddressSpec", [address, port, source]);
	public static function encodeBootstrapPeerIDSpec(peerID:String):String return Bridge.call(0, "GroupSpecifier.encodeBootstrapPeerIDSpec", [peerID]);
}
