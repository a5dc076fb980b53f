package flashmesh;

import flash.events.EventDispatcher;

/**
 * Stands in for `flash.media.Camera` (Ruffle has none: `getCamera()` is null there): every member goes to flashmesh's
 * Camera on the page, over the browser's cameras. `StatusEvent` (`Camera.Muted`/`Camera.Unmuted`) and
 * `ActivityEvent` come back from the page. One object per camera, as Flash returns.
 */
class Camera extends EventDispatcher implements Bridged {
	var __fm:Twin;
	static var known:Array<Camera> = null;

	@:flash.property public static var isSupported(get, never):Bool;
	@:flash.property public static var names(get, never):Array<Dynamic>;

	@:flash.property public var activityLevel(get, never):Float;
	@:flash.property public var bandwidth(get, never):Int;
	@:flash.property public var currentFPS(get, never):Float;
	@:flash.property public var fps(get, never):Float;
	@:flash.property public var height(get, never):Int;
	@:flash.property public var index(get, never):Int;
	@:flash.property public var keyFrameInterval(get, never):Int;
	@:flash.property public var loopback(get, never):Bool;
	@:flash.property public var motionLevel(get, never):Int;
	@:flash.property public var motionTimeout(get, never):Int;
	@:flash.property public var muted(get, never):Bool;
	@:flash.property public var name(get, never):String;
	@:flash.property public var position(get, never):String;
	@:flash.property public var quality(get, never):Int;
	@:flash.property public var width(get, never):Int;

	public function new() {
		super();
	}

	public function __fmHandle():Int {
		return __fm.handle();
	}

	/** The camera at index `name` ("0", "1", …; null: the default), or null when there is none. */
	public static function getCamera(?name:String):Camera {
		var handle:Int = Twin.callStatic("Camera", "getCamera", [name]);
		if (handle == 0)
			return null;
		if (known == null)
			known = [];
		var camera = known[handle];
		if (camera == null) {
			camera = new Camera();
			camera.__fm = Twin.adopt(handle, camera);
			known[handle] = camera;
		}
		return camera;
	}

	static function get_isSupported():Bool return Twin.callStatic("Camera", "isSupported", []);

	static function get_names():Array<Dynamic> return Twin.callStatic("Camera", "names", []);

	function get_activityLevel():Float return __fm.get("activityLevel");

	function get_bandwidth():Int return __fm.get("bandwidth");

	function get_currentFPS():Float return __fm.get("currentFPS");

	function get_fps():Float return __fm.get("fps");

	function get_height():Int return __fm.get("height");

	function get_index():Int return __fm.get("index");

	function get_keyFrameInterval():Int return __fm.get("keyFrameInterval");

	function get_loopback():Bool return __fm.get("loopback");

	function get_motionLevel():Int return __fm.get("motionLevel");

	function get_motionTimeout():Int return __fm.get("motionTimeout");

	function get_muted():Bool return __fm.get("muted");

	function get_name():String return __fm.get("name");

	function get_position():String return __fm.get("position");

	function get_quality():Int return __fm.get("quality");

	function get_width():Int return __fm.get("width");

	public function setKeyFrameInterval(keyFrameInterval:Int):Void __fm.call("setKeyFrameInterval", [keyFrameInterval]);

	public function setLoopback(compress:Bool = false):Void __fm.call("setLoopback", [compress]);

	public function setMode(width:Int, height:Int, fps:Float, favorArea:Bool = true):Void __fm.call("setMode", [width, height, fps, favorArea]);

	public function setMotionLevel(motionLevel:Int, timeout:Int = 2000):Void __fm.call("setMotionLevel", [motionLevel, timeout]);

	public function setQuality(bandwidth:Int, quality:Int):Void __fm.call("setQuality", [bandwidth, quality]);

	public function copyToByteArray(rect:Dynamic, destination:Dynamic):Void Bridge.stub("flash.media.Camera.copyToByteArray");

	public function copyToVector(rect:Dynamic, destination:Dynamic):Void Bridge.stub("flash.media.Camera.copyToVector");

	public function drawToBitmapData(destination:Dynamic):Void Bridge.stub("flash.media.Camera.drawToBitmapData");
}
