package flashmesh;

import flash.errors.ArgumentError;
import flash.errors.Error;
import flash.errors.IllegalOperationError;
import flash.errors.RangeError;
import flash.errors.ReferenceError;
import flash.errors.TypeError;
import flash.events.AsyncErrorEvent;
import flash.events.NetStatusEvent;
import flash.external.ExternalInterface;

/**
 * The AS3 end of flashmesh's bridge (shim/bridge on the page side). Every call goes synchronously to
 * `window.__flashmeshBridge.call(token, handle, method, args)`; events and callbacks come back through the
 * ExternalInterface callback `__flashmesh_<token>`. The token names this player's SWF: the rewriter writes a fresh
 * one into each SWF it injects these classes into (it replaces the placeholder below, which has the same length).
 */
class Bridge {
	// Note for changes here: use only what needs no Haxe start-up (no Array extensions such as copy/remove, no
	// haxe.Rest.toArray): the SWFs these classes are injected into never run Haxe's Boot.
	public static var token:String = "flashmesh-token-00000000000000000000000000000000";

	static var objects:Array<Dynamic> = [];
	static var responders:Array<Responder> = [null];
	static var installed:Bool = false;

	static function install():Void {
		if (installed)
			return;
		installed = true;
		if (!ExternalInterface.available)
			throw new Error("flashmesh needs ExternalInterface (allowScriptAccess) to reach the page");
		ExternalInterface.addCallback("__flashmesh_" + token, receive);
	}

	/** Calls `method` on the page-side object `handle` (0: a static or a constructor); returns its result or throws its error. */
	public static function call(handle:Int, method:String, args:Array<Dynamic>):Dynamic {
		install();
		var reply:Dynamic = ExternalInterface.call("__flashmeshBridge.call", token, handle, method, marshal(args));
		if (reply == null)
			throw new Error("flashmesh: the page has no flashmesh bridge (load flashmesh.js after ruffle.js)");
		if (reply.e != null)
			throw toError(reply.e);
		return unmarshal(reply.v);
	}

	/**
	 * `first` followed by the rest arguments. Written out by index: Haxe's Rest.toArray() relies on methods Haxe's Boot
	 * adds to Array at start-up, and these classes run in SWFs where that Boot never starts (any non-Haxe SWF).
	 */
	public static function withRest(first:Array<Dynamic>, rest:haxe.Rest<Dynamic>):Array<Dynamic> {
		for (i in 0...rest.length)
			first.push(rest[i]);
		return first;
	}

	/** Creates the page-side twin of `owner` and remembers `owner` as the target of its events. */
	public static function create(kind:String, owner:Dynamic, args:Array<Dynamic>):Int {
		var handle:Int = call(0, "new " + kind, args);
		objects[handle] = owner;
		return handle;
	}

	/** Marks a page-side call as not implemented yet (the page's `stub()` logs it once). */
	public static function stub(name:String):Void {
		call(0, "stub", [name]);
	}

	static function marshal(args:Array<Dynamic>):Array<Dynamic> {
		var out:Array<Dynamic> = [];
		for (arg in args) {
			if (Std.isOfType(arg, NetConnection) || Std.isOfType(arg, NetGroup) || Std.isOfType(arg, GroupSpecifier)) {
				out.push({__fm: untyped arg.__fmHandle()});
			} else if (Std.isOfType(arg, Responder)) {
				responders.push(arg);
				out.push({__fmResponder: responders.length - 1});
			} else
				out.push(arg);
		}
		return out;
	}

	/** `{__fm: handle}` values (at the top level of a value or of an info object) become the AS3 objects. */
	static function unmarshal(value:Dynamic):Dynamic {
		if (!isPlainObject(value))
			return value;
		if (value.hasOwnProperty("__fm"))
			return objects[value.__fm];
		for (key in Reflect.fields(value)) {
			var field:Dynamic = Reflect.field(value, key);
			if (isPlainObject(field) && field.hasOwnProperty("__fm"))
				Reflect.setField(value, key, objects[field.__fm]);
		}
		return value;
	}

	static function isPlainObject(value:Dynamic):Bool {
		return value != null && untyped __typeof__(value) == "object" && !Std.isOfType(value, Array);
	}

	static function toError(e:Dynamic):Dynamic {
		var message:String = e.message;
		var id:Int = e.errorID;
		return switch (Std.string(e.name)) {
			case "ArgumentError": new ArgumentError(message, id);
			case "RangeError": new RangeError(message, id);
			case "TypeError": new TypeError(message, id);
			case "ReferenceError": new ReferenceError(message, id);
			case "IllegalOperationError": new IllegalOperationError(message, id);
			default: new Error(message, id);
		}
	}

	/** From the page: "status" (a NetStatusEvent), "client" (a NetConnection client callback), "responder". */
	static function receive(kind:String, handle:Int, a:Dynamic, b:Dynamic):Void {
		if (kind == "responder") {
			var responder = responders[handle];
			responders[handle] = null;
			if (responder != null)
				responder.__fmAnswer(a, b);
			return;
		}
		var target:Dynamic = objects[handle];
		if (target == null)
			return;
		if (kind == "status") {
			target.dispatchEvent(new NetStatusEvent(NetStatusEvent.NET_STATUS, false, false, unmarshal(a)));
		} else if (kind == "client") {
			var client:Dynamic = target.client;
			var method:Dynamic = client == null ? null : Reflect.field(client, a);
			if (Reflect.isFunction(method)) {
				Reflect.callMethod(client, method, b);
			} else {
				var text = "Error #2095: flash.net.NetConnection was unable to invoke callback " + a + ".";
				target.dispatchEvent(new AsyncErrorEvent(AsyncErrorEvent.ASYNC_ERROR, false, false, text, new ReferenceError(text, 2095)));
			}
		}
	}
}
