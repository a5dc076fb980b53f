package flashmesh;

/**
 * The shared plumbing of every proxy: its page-side twin's handle and the calls on it. A proxy holds one
 * (`var __fm:Twin`) rather than extending a base class, because some proxies must extend the player's own class
 * (NetConnection and NetStream defer to Ruffle's for RTMP and progressive video; Video is a DisplayObject).
 *
 * The twin is made on first need (`handle()`), so a proxy that stays the player's (an RTMP NetConnection) never
 * reaches the page; a proxy the page hands the SWF (a subscriber NetStream) starts with its handle (`adopt`).
 */
class Twin {
	var kind:String;
	var owner:Dynamic;
	var args:Array<Dynamic>;
	var made:Int = 0;

	/** The twin of `owner`, made by the page's `"new <kind>"` with `args` when first needed. */
	public function new(kind:String, owner:Dynamic, args:Array<Dynamic>) {
		this.kind = kind;
		this.owner = owner;
		this.args = args;
	}

	/** A twin the page made first (known by `handle`), now owned by `owner`. */
	public static function adopt(handle:Int, owner:Dynamic):Twin {
		var twin = new Twin(null, owner, null);
		twin.made = handle;
		Bridge.own(handle, owner);
		return twin;
	}

	/** The handle, making the page-side twin now if it is not made yet. */
	public function handle():Int {
		if (made == 0)
			made = Bridge.create(kind, owner, args);
		return made;
	}

	/** Whether the page-side twin exists. */
	public function exists():Bool {
		return made != 0;
	}

	/** A property of the twin (the page marshals it back). */
	public function get(name:String):Dynamic {
		return Bridge.call(handle(), "get " + name, []);
	}

	/** Sets a property of the twin; returns `value` (what a Haxe setter returns). */
	public function set(name:String, value:Dynamic):Dynamic {
		Bridge.call(handle(), "set " + name, [value]);
		return value;
	}

	/** Calls a method of the twin. Application values among `args` go as `Bridge.amf(value)`. */
	public function call(method:String, args:Array<Dynamic>):Dynamic {
		return Bridge.call(handle(), method, args);
	}

	/** Calls the static `name` of the page-side class `kind` (`"GroupSpecifier.encodePostingAuthorization"`). */
	public static function callStatic(kind:String, name:String, args:Array<Dynamic>):Dynamic {
		return Bridge.call(0, kind + "." + name, args);
	}
}
