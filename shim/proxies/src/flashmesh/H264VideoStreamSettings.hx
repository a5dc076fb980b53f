package flashmesh;

import flash.errors.ArgumentError;

/**
 * `flash.media.H264VideoStreamSettings` (Flash Player 11), which Ruffle 0.6 lacks: a SWF that names it fails to
 * verify the method that does (VerifyError #1014), so a Flash 11 publisher that picks H.264 never reaches its
 * `attachCamera`/`publish`. The stand-in is Flash's class, value for value: it extends the player's own
 * `VideoStreamSettings` (so a `VideoStreamSettings`-typed variable or `NetStream.videoStreamSettings` takes it),
 * `codec` is `VideoCodec.H264AVC`, `profile`/`level` start at baseline / 2.1, and `setProfileLevel` refuses what
 * Flash refused (ArgumentError #2008). flashmesh encodes VP8 whatever the settings say (docs/media.md).
 */
class H264VideoStreamSettings extends flash.media.VideoStreamSettings {
	static var PROFILES = ["baseline", "main"];
	static var LEVELS = ["1", "1b", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2", "5", "5.1"];

	@:flash.property public var profile(get, never):String;
	@:flash.property public var level(get, never):String;

	var __profile:String;
	var __level:String;

	public function new() {
		super();
		__profile = "baseline";
		__level = "2.1";
	}

	override private function get_codec():String return "H264Avc";

	private function get_profile():String return __profile;

	private function get_level():String return __level;

	/**
	 * Flash's checks, in Flash's order: the profile ignoring case, then the level ("1b" ignoring case). A null profile
	 * or level fails as in Flash, reading `toLowerCase` of null (TypeError #1009).
	 */
	public function setProfileLevel(profile:String, level:String):Void {
		if (PROFILES.indexOf(profile.toLowerCase()) < 0)
			throw new ArgumentError("Error #2008: Parameter profile must be one of the accepted values.", 2008);
		if (LEVELS.indexOf(level) < 0 && level.toLowerCase() != "1b")
			throw new ArgumentError("Error #2008: Parameter level must be one of the accepted values.", 2008);
		__profile = profile;
		__level = level;
	}
}
