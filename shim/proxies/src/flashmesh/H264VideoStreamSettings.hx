package flashmesh;

import flash.errors.ArgumentError;

/**
 * `flash.media.H264VideoStreamSettings` (Flash Player 11), which Ruffle 0.6 lacks: a SWF that names it fails to
 * verify the method that does (VerifyError #1014), so a Flash 11 publisher that picks H.264 never reaches its
 * `attachCamera`/`publish`. The stand-in has Flash's members and values: `codec` is `VideoCodec.H264AVC`,
 * `profile`/`level` start at baseline / 2.1, `setProfileLevel` refuses what Flash refused (ArgumentError #2008), and
 * the VideoStreamSettings members keep what they are given (Ruffle's own stubs keep nothing).
 *
 * It cannot extend the player's `VideoStreamSettings`: that class exists only for SWF version 13 and later in Ruffle,
 * and one unresolvable superclass fails the whole injected ABC (every proxy) in older SWFs. So `NetStream`'s
 * `videoStreamSettings`, typed VideoStreamSettings in the player, is renamed in rewritten SWFs to the proxy's untyped
 * `__fmVideoStreamSettings`; a SWF variable typed `VideoStreamSettings` does not take it (docs/media.md).
 * flashmesh encodes VP8 whatever the settings say.
 */
class H264VideoStreamSettings {
	@:flash.property public var codec(get, never):String;
	@:flash.property public var profile(get, never):String;
	@:flash.property public var level(get, never):String;
	@:flash.property public var bandwidth(get, never):Int;
	@:flash.property public var quality(get, never):Int;
	@:flash.property public var width(get, never):Int;
	@:flash.property public var height(get, never):Int;
	@:flash.property public var fps(get, never):Float;
	@:flash.property public var keyFrameInterval(get, never):Int;

	var __profile:String;
	var __level:String;
	// Before any setter: the defaults of Flash's setQuality, setMode and setKeyFrameInterval (flashmesh's choice;
	// what Flash read back first is not recorded).
	var __bandwidth:Int;
	var __quality:Int;
	var __width:Int;
	var __height:Int;
	var __fps:Float;
	var __keyFrameInterval:Int;

	public function new() {
		__profile = "baseline";
		__level = "2.1";
		__bandwidth = 16384;
		__quality = 0;
		__width = -1;
		__height = -1;
		__fps = -1;
		__keyFrameInterval = 15;
	}

	private function get_codec():String return "H264Avc";

	private function get_profile():String return __profile;

	private function get_level():String return __level;

	private function get_bandwidth():Int return __bandwidth;

	private function get_quality():Int return __quality;

	private function get_width():Int return __width;

	private function get_height():Int return __height;

	private function get_fps():Float return __fps;

	private function get_keyFrameInterval():Int return __keyFrameInterval;

	/**
	 * Flash's checks, in Flash's order: the profile ignoring case, then the level ("1b" ignoring case). A null profile
	 * or level fails as in Flash, reading `toLowerCase` of null (TypeError #1009).
	 */
	public function setProfileLevel(profile:String, level:String):Void {
		// Literals, not a static table: these classes run without Haxe's Boot, which would initialize static vars.
		var lowerProfile = profile.toLowerCase();
		if (lowerProfile != "baseline" && lowerProfile != "main")
			throw new ArgumentError("Error #2008: Parameter profile must be one of the accepted values.", 2008);
		var known = switch (level) {
			case "1" | "1.1" | "1.2" | "1.3" | "2" | "2.1" | "2.2" | "3" | "3.1" | "3.2" | "4" | "4.1" | "4.2" | "5" | "5.1": true;
			default: level.toLowerCase() == "1b";
		};
		if (!known)
			throw new ArgumentError("Error #2008: Parameter level must be one of the accepted values.", 2008);
		__profile = profile;
		__level = level;
	}

	public function setQuality(bandwidth:Int = 16384, quality:Int = 0):Void {
		__bandwidth = bandwidth;
		__quality = quality;
	}

	public function setMode(width:Int = -1, height:Int = -1, fps:Float = -1):Void {
		__width = width;
		__height = height;
		__fps = fps;
	}

	public function setKeyFrameInterval(keyFrameInterval:Int = 15):Void {
		__keyFrameInterval = keyFrameInterval;
	}
}
