package flashmesh;

/**
 * Stands in for `flash.net.Responder` (the rewriter redirects the SWF's references here): Flash's Responder keeps its
 * functions out of reach, and flashmesh must call them when a `NetConnection.call` over RTMFP answers. RTMP and
 * Remoting calls still get the player's own Responder behaviour through the superclass.
 */
class Responder extends flash.net.Responder {
	var __fmOnResult:Dynamic;
	var __fmOnStatus:Dynamic;

	public function new(result:Dynamic, ?status:Dynamic) {
		super(result, status);
		__fmOnResult = result;
		__fmOnStatus = status;
	}

	/** Calls the result ("result") or status ("status") function with `value`. */
	public function __fmAnswer(which:String, value:Dynamic):Void {
		var callback:Dynamic = which == "status" ? __fmOnStatus : __fmOnResult;
		if (callback != null)
			callback(value);
	}
}
