package flashmesh;

/** `flash.net.NetGroupInfo`, which Ruffle lacks: byte rates of a NetGroup, with Flash Player's `toString()`. */
class NetGroupInfo {
	public var postingSendDataBytesPerSecond(default, null):Float;
	public var postingSendControlBytesPerSecond(default, null):Float;
	public var postingReceiveDataBytesPerSecond(default, null):Float;
	public var postingReceiveControlBytesPerSecond(default, null):Float;
	public var routingSendBytesPerSecond(default, null):Float;
	public var routingReceiveBytesPerSecond(default, null):Float;
	public var objectReplicationSendBytesPerSecond(default, null):Float;
	public var objectReplicationReceiveBytesPerSecond(default, null):Float;

	public function new(postingSendDataBytesPerSecond:Float, postingSendControlBytesPerSecond:Float, postingReceiveDataBytesPerSecond:Float,
			postingReceiveControlBytesPerSecond:Float, routingSendBytesPerSecond:Float, routingReceiveBytesPerSecond:Float,
			objectReplicationSendBytesPerSecond:Float, objectReplicationReceiveBytesPerSecond:Float) {
		this.postingSendDataBytesPerSecond = postingSendDataBytesPerSecond;
		this.postingSendControlBytesPerSecond = postingSendControlBytesPerSecond;
		this.postingReceiveDataBytesPerSecond = postingReceiveDataBytesPerSecond;
		this.postingReceiveControlBytesPerSecond = postingReceiveControlBytesPerSecond;
		this.routingSendBytesPerSecond = routingSendBytesPerSecond;
		this.routingReceiveBytesPerSecond = routingReceiveBytesPerSecond;
		this.objectReplicationSendBytesPerSecond = objectReplicationSendBytesPerSecond;
		this.objectReplicationReceiveBytesPerSecond = objectReplicationReceiveBytesPerSecond;
	}

	public function toString():String {
		return "postingSendDataBytesPerSecond=" + postingSendDataBytesPerSecond + " postingSendControlBytesPerSecond="
			+ postingSendControlBytesPerSecond + " postingReceiveDataBytesPerSecond=" + postingReceiveDataBytesPerSecond
			+ " postingReceiveControlBytesPerSecond=" + postingReceiveControlBytesPerSecond + " routingSendBytesPerSecond=" + routingSendBytesPerSecond
			+ " routingReceiveBytesPerSecond=" + routingReceiveBytesPerSecond + " objectReplicationSendBytesPerSecond="
			+ objectReplicationSendBytesPerSecond + " objectReplicationReceiveBytesPerSecond=" + objectReplicationReceiveBytesPerSecond;
	}
}
