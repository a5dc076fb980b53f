package flashmesh;

import flash.events.EventDispatcher;

/**
 * Stands in for `flash.media.Microphone`: every member goes to flashmesh's Microphone on the page, over the
 * browser's microphones; `StatusEvent` (`Microphone.Muted`/`Microphone.Unmuted`) and `ActivityEvent` come back.
 * One object per microphone (and per enhanced microphone), as Flash returns.
 */
class Microphone extends EventDispatcher implements Bridged {
	var __fm:Twin;
	static var known:Array<Microphone> = null;

	@:flash.property public static var isSupported(get, never):Bool;
	@:flash.property public static var names(get, never):Array<Dynamic>;

	@:flash.property public var activityLevel(get, never):Float;
	@:flash.property public var codec(get, set):String;
	@:flash.property public var enableVAD(get, set):Bool;
	@:flash.property public var encodeQuality(get, set):Int;
	@:flash.property public var framesPerPacket(get, set):Int;
	@:flash.property public var gain(get, set):Float;
	@:flash.property public var index(get, never):Int;
	@:flash.property public var muted(get, never):Bool;
	@:flash.property public var name(get, never):String;
	@:flash.property public var noiseSuppressionLevel(get, set):Int;
	@:flash.property public var rate(get, set):Int;
	@:flash.property public var silenceLevel(get, never):Float;
	@:flash.property public var silenceTimeout(get, never):Int;
	@:flash.property public var useEchoSuppression(get, never):Bool;

	public function new() {
		super();
	}

	public function __fmHandle():Int {
		return __fm.handle();
	}

	public static function getMicrophone(index:Int = -1):Microphone {
		return wrap(Twin.callStatic("Microphone", "getMicrophone", [index]));
	}

	public static function getEnhancedMicrophone(index:Int = -1):Microphone {
		return wrap(Twin.callStatic("Microphone", "getEnhancedMicrophone", [index]));
	}

	static function wrap(handle:Int):Microphone {
		if (handle == 0)
			return null;
		if (known == null)
			known = [];
		var microphone = known[handle];
		if (microphone == null) {
			microphone = new Microphone();
			microphone.__fm = Twin.adopt(handle, microphone);
			known[handle] = microphone;
		}
		return microphone;
	}

	static function get_isSupported():Bool return Twin.callStatic("Microphone", "isSupported", []);

	static function get_names():Array<Dynamic> return Twin.callStatic("Microphone", "names", []);

	function get_activityLevel():Float return __fm.get("activityLevel");

	function get_codec():String return __fm.get("codec");

	function set_codec(value:String):String return __fm.set("codec", value);

	function get_enableVAD():Bool return __fm.get("enableVAD");

	function set_enableVAD(value:Bool):Bool return __fm.set("enableVAD", value);

	function get_encodeQuality():Int return __fm.get("encodeQuality");

	function set_encodeQuality(value:Int):Int return __fm.set("encodeQuality", value);

	function get_framesPerPacket():Int return __fm.get("framesPerPacket");

	function set_framesPerPacket(value:Int):Int return __fm.set("framesPerPacket", value);

	function get_gain():Float return __fm.get("gain");

	function set_gain(value:Float):Float return __fm.set("gain", value);

	function get_index():Int return __fm.get("index");

	function get_muted():Bool return __fm.get("muted");

	function get_name():String return __fm.get("name");

	function get_noiseSuppressionLevel():Int return __fm.get("noiseSuppressionLevel");

	function set_noiseSuppressionLevel(value:Int):Int return __fm.set("noiseSuppressionLevel", value);

	function get_rate():Int return __fm.get("rate");

	function set_rate(value:Int):Int return __fm.set("rate", value);

	function get_silenceLevel():Float return __fm.get("silenceLevel");

	function get_silenceTimeout():Int return __fm.get("silenceTimeout");

	function get_useEchoSuppression():Bool return __fm.get("useEchoSuppression");

	public function setSilenceLevel(silenceLevel:Float, timeout:Int = -1):Void __fm.call("setSilenceLevel", [silenceLevel, timeout]);

	public function setUseEchoSuppression(useEchoSuppression:Bool):Void __fm.call("setUseEchoSuppression", [useEchoSuppression]);

	public function setLoopback(state:Bool = true):Void Bridge.stub("flash.media.Microphone.setLoopback");
}
