package flashmesh;

import flash.errors.ArgumentError;
import flash.errors.Error;
import flash.errors.IllegalOperationError;
import flash.errors.RangeError;
import flash.errors.ReferenceError;
import flash.errors.TypeError;
import flash.events.ActivityEvent;
import flash.events.AsyncErrorEvent;
import flash.events.StatusEvent;
import flash.events.NetStatusEvent;
import flash.external.ExternalInterface;
import flash.utils.ByteArray;
import flash.utils.Dictionary;

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
	 * adds to Array at start-up, and these classes run in SWFs where that Boot never starts (any non-Haxe SWF). Callers
	 * pass their `haxe.Rest` with `cast` (it is the AVM2 rest Array): passed as a Rest it would arrive wrapped in one
	 * more Array (a NetStream.send of two arguments reached the client as one).
	 */
	public static function withRest(first:Array<Dynamic>, rest:Array<Dynamic>):Array<Dynamic> {
		for (i in 0...rest.length)
			first.push(rest[i]);
		return first;
	}

	/**
	 * An application value (a message, a relay argument) as Flash sends it: the player's own AMF3
	 * (`ByteArray.writeObject`), carried to the page as `{__amf3: escape(the bytes read as UTF-16LE), n: byte count}`
	 * (shim/bridge/byteText.ts says why that form). Cyclic values throw ArgumentError: Ruffle 0.6's writer would
	 * recurse until the player dies (docs/shim.md).
	 */
	public static function amf(value:Dynamic):Dynamic {
		checkAcyclic(value, new Dictionary(), 0);
		var bytes = new ByteArray();
		bytes.objectEncoding = 3;
		bytes.writeObject(value);
		var n:Int = bytes.length;
		var text = new ByteArray();
		text.writeByte(0xFF); // a UTF-16LE byte-order mark: toString() then reads the bytes as UTF-16 code units, all of them
		text.writeByte(0xFE);
		text.writeBytes(bytes);
		if ((n & 1) == 1)
			text.writeByte(0);
		var escaped:String = untyped __global__["escape"](text.toString());
		return {__amf3: escaped, n: n};
	}

	/** The value of AMF3 bytes from the page (`x-user-defined` text, one character per byte). Throws when they do not decode. */
	static function fromAmf(text:String):Dynamic {
		var bytes = new ByteArray();
		bytes.writeMultiByte(text, "x-user-defined");
		bytes.position = 0;
		bytes.objectEncoding = 3;
		return bytes.readObject();
	}

	/**
	 * Class → its sealed member names (keyed by the class object: a qualified name such as `a::B` is no dynamic key).
	 * Made on first use: Haxe initializes such statics from its Boot, which never runs here.
	 */
	static var sealedMembers:Dictionary = null;

	/** Throws ArgumentError when `value` reaches itself (a cycle), looking where writeObject looks. */
	static function checkAcyclic(value:Dynamic, onPath:Dictionary, depth:Int):Void {
		if (value == null || untyped __typeof__(value) != "object")
			return;
		if (Std.isOfType(value, ByteArray) || Std.isOfType(value, Date))
			return;
		if (untyped onPath[value] == true)
			throw new ArgumentError("flashmesh: this value refers to itself (a cycle); Ruffle cannot serialize it as AMF3", 2004);
		if (depth > 256)
			throw new ArgumentError("flashmesh: this value is nested deeper than 256 levels", 2004);
		untyped onPath[value] = true;
		var keys:Array<Dynamic> = untyped __keys__(value);
		for (i in 0...keys.length) {
			var key:Dynamic = keys[i];
			checkAcyclic(key, onPath, depth + 1);
			checkAcyclic(untyped value[key], onPath, depth + 1);
		}
		var names:Array<String> = sealedNamesOf(value);
		for (i in 0...names.length)
			checkAcyclic(Reflect.field(value, names[i]), onPath, depth + 1);
		untyped __delete__(onPath, value);
	}

	/** The public vars and read-write accessors of `value`'s class (what writeObject writes as sealed members), cached per class. */
	static function sealedNamesOf(value:Dynamic):Array<String> {
		if (sealedMembers == null)
			sealedMembers = new Dictionary();
		// One Dictionary lookup per object once its class is known: this walk runs before every message.
		var type:Dynamic = untyped value.constructor;
		var cached:Dynamic = untyped sealedMembers[type];
		if (cached != null)
			return cached;
		var names:Array<String> = [];
		var name:String = untyped __global__["flash.utils.getQualifiedClassName"](value);
		if (name != "Object" && name != "Array" && name != "flash.utils::Dictionary" && name.indexOf("__AS3__.vec::Vector") != 0) {
			var description:Dynamic = untyped __global__["flash.utils.describeType"](value);
			var variables:Dynamic = description.child("variable");
			for (i in 0...Std.int(variables.length()))
				names.push(Std.string(variables[i].attribute("name")));
			var accessors:Dynamic = description.child("accessor");
			for (i in 0...Std.int(accessors.length()))
				if (Std.string(accessors[i].attribute("access")) == "readwrite")
					names.push(Std.string(accessors[i].attribute("name")));
		}
		untyped sealedMembers[type] = names;
		return names;
	}

	/** Creates the page-side twin of `owner` and remembers `owner` as the target of its events (Twin calls this). */
	public static function create(kind:String, owner:Dynamic, args:Array<Dynamic>):Int {
		var handle:Int = call(0, "new " + kind, args);
		objects[handle] = owner;
		return handle;
	}

	/** Remembers `owner` as the proxy of the page-side object `handle` (a twin the page made first). */
	public static function own(handle:Int, owner:Dynamic):Void {
		objects[handle] = owner;
	}

	/** Marks a page-side call as not implemented yet (the page's `stub()` logs it once). */
	public static function stub(name:String):Void {
		call(0, "stub", [name]);
	}

	static function marshal(args:Array<Dynamic>):Array<Dynamic> {
		var out:Array<Dynamic> = [];
		for (arg in args) {
			if (Std.isOfType(arg, Bridged)) {
				var proxy:Bridged = arg;
				out.push({__fm: proxy.__fmHandle()});
			} else if (Std.isOfType(arg, Responder)) {
				responders.push(arg);
				out.push({__fmResponder: responders.length - 1});
			} else
				out.push(arg);
		}
		return out;
	}

	/**
	 * `{__fm: handle}` values become the AS3 objects and `{__amf3: text}` values the AS3 values they serialize (at the
	 * top level of a value, of an array, or of an info object). Throws when AMF3 does not decode.
	 */
	static function unmarshal(value:Dynamic):Dynamic {
		if (Std.isOfType(value, Array)) {
			var items:Array<Dynamic> = value;
			var out:Array<Dynamic> = [];
			for (i in 0...items.length)
				out.push(unmarshalOne(items[i]));
			return out;
		}
		if (!isPlainObject(value))
			return value;
		if (value.hasOwnProperty("__fm") || value.hasOwnProperty("__amf3"))
			return unmarshalOne(value);
		for (key in Reflect.fields(value))
			Reflect.setField(value, key, unmarshalOne(Reflect.field(value, key)));
		return value;
	}

	/** One value: a handle (its proxy, made now when the page made the twin: `__fmNew`), AMF3, or itself. */
	static function unmarshalOne(value:Dynamic):Dynamic {
		if (!isPlainObject(value))
			return value;
		if (value.hasOwnProperty("__fm")) {
			var handle:Int = value.__fm;
			if (objects[handle] == null && value.hasOwnProperty("__fmNew")) {
				// A twin the page made (a subscriber NetStream): its class makes the proxy, which owns the handle.
				var type:Dynamic = untyped __global__["flash.utils.getDefinitionByName"]("flashmesh." + value.__fmNew);
				type.__fmAdopt(handle, unmarshal(value.__fmArgs));
			}
			return objects[handle];
		}
		if (value.hasOwnProperty("__amf3"))
			return fromAmf(value.__amf3);
		return value;
	}

	/** Messages whose AMF3 the player could not read: dropped, never delivered half. */
	public static var undecodable:Int = 0;

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

	/**
	 * From the page: "status" (a NetStatusEvent), "client" (a NetConnection client callback), "call" (a server-side
	 * application's call of a NetConnection client method: answered with `{r: amf(returned)}`, `{missing: true}` or
	 * `{e: text}`), "responder" (a call's result or status), "message" (a NetStream message: AMF3 of
	 * `[handler, ...args]` for the stream's client), "event" (a Camera's or Microphone's StatusEvent or ActivityEvent),
	 * and "peerConnect" (a publisher's `client.onPeerConnect(subscriber)`, answered: true accepts).
	 */
	static function receive(kind:String, handle:Int, a:Dynamic, b:Dynamic):Dynamic {
		if (kind == "responder") {
			var responder = responders[handle];
			responders[handle] = null;
			var value:Dynamic;
			try {
				value = unmarshal(b);
			} catch (error:Dynamic) {
				undecodable++;
				return null;
			}
			if (responder != null)
				responder.__fmAnswer(a, value);
			return null;
		}
		var target:Dynamic = objects[handle];
		if (target == null)
			return kind == "peerConnect" ? false : null;
		if (kind == "peerConnect")
			return askPeerConnect(target, a);
		if (kind == "message") {
			var message:Dynamic;
			try {
				message = unmarshalOne(a);
			} catch (error:Dynamic) {
				undecodable++;
				return null;
			}
			if (!Std.isOfType(message, Array) || message.length == 0 || !Std.isOfType(message[0], String))
				return null;
			var parts:Array<Dynamic> = message;
			var args:Array<Dynamic> = [];
			for (i in 1...parts.length)
				args.push(parts[i]);
			invokeClient(target, parts[0], args);
			return null;
		}
		if (kind == "event") {
			// A device's event (flash.media): {type: "status", code, level} or {type: "activity", activating}.
			if (a.type == "status")
				target.dispatchEvent(new StatusEvent(StatusEvent.STATUS, false, false, a.code, a.level));
			else if (a.type == "activity")
				target.dispatchEvent(new ActivityEvent(ActivityEvent.ACTIVITY, false, false, a.activating));
		} else if (kind == "status") {
			var info:Dynamic;
			try {
				info = unmarshal(a);
			} catch (error:Dynamic) {
				undecodable++;
				return null;
			}
			target.dispatchEvent(new NetStatusEvent(NetStatusEvent.NET_STATUS, false, false, info));
		} else if (kind == "client" || kind == "call") {
			var args:Array<Dynamic> = [];
			try {
				var given:Array<Dynamic> = b;
				for (i in 0...given.length)
					args.push(unmarshalOne(given[i]));
			} catch (error:Dynamic) {
				undecodable++;
				return kind == "call" ? {e: "the arguments do not decode"} : null;
			}
			if (kind == "call")
				return callClient(target, a, args);
			invokeClient(target, a, args);
		}
		return null;
	}

	/**
	 * A server-side application's call of `target.client[name](...args)`, answered with the method's value as AMF3
	 * (`{r}`), `{missing: true}` when the client has no such method (after Flash's asyncError #2095, as
	 * invokeClient), or `{e}` when the value cannot be sent.
	 */
	static function callClient(target:Dynamic, name:String, args:Array<Dynamic>):Dynamic {
		var client:Dynamic = target.client;
		var method:Dynamic = client == null ? null : Reflect.field(client, name);
		if (!Reflect.isFunction(method)) {
			invokeClient(target, name, args);
			return {missing: true};
		}
		var returned:Dynamic = Reflect.callMethod(client, method, args);
		try {
			return {r: amf(returned)};
		} catch (error:Dynamic) {
			return {e: "its result cannot be sent: " + Std.string(error)};
		}
	}

	/**
	 * `target.client[name](...args)`; a client without it gets Flash's asyncError #2095 on `target`, naming its class
	 * (`flash.net.NetConnection`, `flash.net.NetStream`).
	 */
	static function invokeClient(target:Dynamic, name:String, args:Array<Dynamic>):Void {
		var client:Dynamic = target.client;
		var method:Dynamic = client == null ? null : Reflect.field(client, name);
		if (Reflect.isFunction(method)) {
			Reflect.callMethod(client, method, args);
			return;
		}
		var qualified:String = untyped __global__["flash.utils.getQualifiedClassName"](target);
		var type = "flash.net." + qualified.substr(qualified.lastIndexOf(":") + 1);
		var text = "Error #2095: " + type + " was unable to invoke callback " + name + ".";
		target.dispatchEvent(new AsyncErrorEvent(AsyncErrorEvent.ASYNC_ERROR, false, false, text, new ReferenceError(text, 2095)));
	}

	/** A publisher's `client.onPeerConnect(subscriber)`: true accepts; false, or a throw, refuses (Flash's default: accept). */
	static function askPeerConnect(publisher:Dynamic, subscriberValue:Dynamic):Bool {
		try {
			var subscriber:Dynamic = unmarshalOne(subscriberValue);
			var client:Dynamic = publisher.client;
			var method:Dynamic = client == null ? null : Reflect.field(client, "onPeerConnect");
			if (!Reflect.isFunction(method))
				return true;
			return Reflect.callMethod(client, method, [subscriber]) != false;
		} catch (error:Dynamic) {
			return false;
		}
	}
}
