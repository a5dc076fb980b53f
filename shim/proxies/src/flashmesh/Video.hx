package flashmesh;

import flash.display.DisplayObject;
import flash.events.Event;

/**
 * Stands in for `flash.media.Video`, and is one (a display object the SWF places): a camera or a peer-to-peer
 * NetStream is shown by the page's flashmesh Video, an HTML `<video>` laid over the player on this Video's stage
 * rectangle (shim/overlay). While the page shows something, this Video reports where it is on the stage every frame
 * that changed it (bounds, visibility, the stage's scale mode and alignment, the movie's size). Any other NetStream
 * (progressive FLV, RTMP) stays the player's own, drawn by the player as before.
 */
class Video extends flash.media.Video implements Bridged {
	var __fm:Twin;
	/** Whether the page shows this Video's picture now (a camera or a P2P stream attached). */
	var overlaid:Bool = false;
	var lastPlace:String = "";
	/** Whether the player's own Video has a NetStream attached (so detaching it means something). */
	var ruffleAttached:Bool = false;

	public function new(width:Int = 320, height:Int = 240) {
		super(width, height);
		__fm = new Twin("Video", this, [width, height]);
	}

	/** The page-side Video, made on first need (a Video that only ever plays FLV never reaches the page). */
	public function __fmHandle():Int {
		if (!__fm.exists())
			addEventListener(Event.ENTER_FRAME, place);
		return __fm.handle();
	}

	/**
	 * `attachCamera` as a rewritten SWF calls it (shim/swf/rewrite.ts renames the calls: the player's own method takes
	 * only the player's Camera, a final class this proxy's cameras cannot be).
	 */
	public function __fmAttachCamera(camera:Dynamic):Void {
		if (camera != null && !Std.isOfType(camera, Camera))
			throw new flash.errors.TypeError("Error #1034: Type Coercion failed: cannot convert " + camera + " to flash.media.Camera.", 1034);
		if (camera == null && !__fm.exists())
			return;
		detachRuffle();
		overlaid = camera != null;
		__fmHandle();
		__fm.call("attachCamera", [camera]);
		place(null);
	}

	override public function attachNetStream(netStream:flash.net.NetStream):Void {
		var peer:Bool = netStream != null && Std.isOfType(netStream, NetStream) && (cast netStream : NetStream).__fmIsPeer();
		if (peer) {
			detachRuffle();
			overlaid = true;
			__fmHandle();
			__fm.call("attachNetStream", [netStream]);
		} else {
			if (__fm.exists() && overlaid)
				__fm.call("attachNetStream", [null]);
			overlaid = false;
			ruffleAttached = netStream != null;
			super.attachNetStream(netStream);
		}
		place(null);
	}

	function detachRuffle():Void {
		if (ruffleAttached)
			super.attachNetStream(null);
		ruffleAttached = false;
	}

	override public function clear():Void {
		if (overlaid)
			__fm.call("clear", []);
		else
			super.clear();
	}

	override private function get_videoWidth():Int {
		return overlaid ? __fm.get("videoWidth") : super.get_videoWidth();
	}

	override private function get_videoHeight():Int {
		return overlaid ? __fm.get("videoHeight") : super.get_videoHeight();
	}

	override private function set_smoothing(value:Bool):Bool {
		super.set_smoothing(value);
		if (__fm.exists())
			__fm.set("smoothing", value);
		return value;
	}

	/** Tells the page where this Video is now, when that changed (every frame while the page shows its picture). */
	function place(_:Event):Void {
		if (!__fm.exists())
			return;
		var shown:Bool = overlaid && stage != null;
		var o:DisplayObject = this;
		while (shown && o != null) {
			if (!o.visible || o.alpha <= 0)
				shown = false;
			o = o.parent;
		}
		var text:String;
		var args:Array<Dynamic>;
		if (!shown) {
			text = "hidden";
			args = [false, 0, 0, 0, 0, "", "", 0, 0];
		} else {
			var bounds = getBounds(stage);
			var info = root != null ? root.loaderInfo : loaderInfo;
			var movieWidth:Float = info != null ? info.width : 0;
			var movieHeight:Float = info != null ? info.height : 0;
			args = [true, bounds.x, bounds.y, bounds.width, bounds.height, stage.scaleMode, stage.align, movieWidth, movieHeight];
			text = args.join(",");
		}
		if (text == lastPlace)
			return;
		lastPlace = text;
		__fm.call("place", args);
	}
}
