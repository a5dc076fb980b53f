/** The enum classes, NetGroupInfo, NetStreamMulticastInfo and the stub helper. */
import {
  NetGroupInfo,
  NetGroupReceiveMode,
  NetGroupReplicationStrategy,
  NetGroupSendMode,
  NetGroupSendResult,
  NetStreamMulticastInfo,
} from "../../as3-api/index.js";
import { reportedStubs, stub } from "../../as3-api/stub.js";

describe("flash.net enumerations", () => {
  it("carry Flash's exact strings", () => {
    expect([NetGroupReceiveMode.EXACT, NetGroupReceiveMode.NEAREST]).toEqual(["exact", "nearest"]);
    expect([NetGroupReplicationStrategy.LOWEST_FIRST, NetGroupReplicationStrategy.RAREST_FIRST]).toEqual(["lowestFirst", "rarestFirst"]);
    expect([NetGroupSendMode.NEXT_INCREASING, NetGroupSendMode.NEXT_DECREASING]).toEqual(["nextIncreasing", "nextDecreasing"]);
    expect([NetGroupSendResult.SENT, NetGroupSendResult.NO_ROUTE, NetGroupSendResult.ERROR]).toEqual(["sent", "no route", "error"]);
  });
});

describe("NetGroupInfo", () => {
  it("keeps the constructor order and prints name=value pairs", () => {
    const info = new NetGroupInfo(1, 2, 3.5, 4, 5, 6, 7, 0);
    expect(info.postingReceiveDataBytesPerSecond).toBe(3.5);
    expect(info.objectReplicationSendBytesPerSecond).toBe(7);
    expect(info.toString()).toBe(
      "postingSendDataBytesPerSecond=1 postingSendControlBytesPerSecond=2 postingReceiveDataBytesPerSecond=3.5 " +
        "postingReceiveControlBytesPerSecond=4 routingSendBytesPerSecond=5 routingReceiveBytesPerSecond=6 " +
        "objectReplicationSendBytesPerSecond=7 objectReplicationReceiveBytesPerSecond=0",
    );
  });
});

describe("NetStreamMulticastInfo", () => {
  it("keeps the constructor order and prints name=value pairs", () => {
    const values = Array.from({ length: 19 }, (_, i) => i + 1) as ConstructorParameters<typeof NetStreamMulticastInfo>;
    const info = new NetStreamMulticastInfo(...values);
    expect(info.fragmentsReceivedFromIPMulticast).toBe(19);
    expect(info.sendControlBytesPerSecondToServer).toBe(13);
    expect(info.toString()).toBe(
      "sendDataBytesPerSecond=1 sendControlBytesPerSecond=2 receiveDataBytesPerSecond=3 receiveControlBytesPerSecond=4 " +
        "bytesPushedToPeers=5 fragmentsPushedToPeers=6 bytesRequestedByPeers=7 fragmentsRequestedByPeers=8 " +
        "bytesPushedFromPeers=9 fragmentsPushedFromPeers=10 bytesRequestedFromPeers=11 fragmentsRequestedFromPeers=12 " +
        "sendControlBytesPerSecondToServer=13 receiveDataBytesPerSecondFromServer=14 bytesReceivedFromServer=15 " +
        "fragmentsReceivedFromServer=16 receiveDataBytesPerSecondFromIPMulticast=17 bytesReceivedFromIPMulticast=18 " +
        "fragmentsReceivedFromIPMulticast=19",
    );
  });
});

describe("stub", () => {
  it("warns once per name and remembers it", () => {
    const warn = spyOn(console, "warn");
    stub("flash.net.Test.member");
    stub("flash.net.Test.member");
    expect(warn).toHaveBeenCalledOnceWith("[flashmesh] not implemented yet: flash.net.Test.member");
    expect(reportedStubs.has("flash.net.Test.member")).toBeTrue();
  });
});
