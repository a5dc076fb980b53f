/** EventDispatcher with AS3 semantics, on typescript-event-target. */
import { Event, EventDispatcher, NetStatusEvent } from "../../as3-api/index.js";

interface TestEvents {
  ping: Event;
  netStatus: NetStatusEvent;
}

describe("EventDispatcher", () => {
  let dispatcher: EventDispatcher<TestEvents>;
  let calls: string[];
  beforeEach(() => {
    dispatcher = new EventDispatcher<TestEvents>();
    calls = [];
  });

  it("is a real EventTarget", () => {
    expect(dispatcher).toBeInstanceOf(EventTarget);
    dispatcher.addEventListener("ping", (event) => calls.push(`${event.type}:${event.target === dispatcher}`));
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual(["ping:true"]);
  });

  it("runs higher priorities first and equal priorities in the order added", () => {
    dispatcher.addEventListener("ping", () => calls.push("a0"));
    dispatcher.addEventListener("ping", () => calls.push("b5"), false, 5);
    dispatcher.addEventListener("ping", () => calls.push("c0"));
    dispatcher.addEventListener("ping", () => calls.push("d-1"), false, -1);
    dispatcher.addEventListener("ping", () => calls.push("e5"), false, 5);
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual(["b5", "e5", "a0", "c0", "d-1"]);
  });

  it("ignores a second registration of the same listener, keeping its first priority", () => {
    const listener = (): number => calls.push("x");
    dispatcher.addEventListener("ping", listener, false, 0);
    dispatcher.addEventListener("ping", () => calls.push("y"), false, 1);
    dispatcher.addEventListener("ping", listener, false, 10);
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual(["y", "x"]);
  });

  it("never calls capture-phase listeners on a non-display object, but counts them in hasEventListener", () => {
    dispatcher.addEventListener("ping", () => calls.push("capture"), true);
    expect(dispatcher.hasEventListener("ping")).toBeTrue();
    expect(dispatcher.willTrigger("ping")).toBeTrue();
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual([]);
  });

  it("removes by type, listener and phase", () => {
    const listener = (): number => calls.push("x");
    dispatcher.addEventListener("ping", listener);
    dispatcher.removeEventListener("ping", listener, true);
    expect(dispatcher.hasEventListener("ping")).toBeTrue();
    dispatcher.removeEventListener("ping", listener);
    expect(dispatcher.hasEventListener("ping")).toBeFalse();
    expect(dispatcher.willTrigger("ping")).toBeFalse();
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual([]);
  });

  it("dispatches on a snapshot: added listeners wait, removed ones still run this time", () => {
    const late = (): number => calls.push("late");
    const second = (): number => calls.push("second");
    dispatcher.addEventListener("ping", () => {
      calls.push("first");
      dispatcher.addEventListener("ping", late);
      dispatcher.removeEventListener("ping", second);
    });
    dispatcher.addEventListener("ping", second);
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual(["first", "second"]);
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual(["first", "second", "first", "late"]);
  });

  it("stops at stopImmediatePropagation", () => {
    dispatcher.addEventListener("ping", (event) => {
      calls.push("a");
      event.stopImmediatePropagation();
    });
    dispatcher.addEventListener("ping", () => calls.push("b"));
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual(["a"]);
  });

  it("reports preventDefault on cancelable events", () => {
    dispatcher.addEventListener("ping", (event) => event.preventDefault());
    expect(dispatcher.dispatchEvent(new Event("ping", false, true))).toBeFalse();
    expect(dispatcher.dispatchEvent(new Event("ping", false, false))).toBeTrue();
  });

  it("runs every listener, then rethrows the first listener error to the dispatcher's caller", () => {
    dispatcher.addEventListener("ping", () => {
      throw new Error("first");
    });
    dispatcher.addEventListener("ping", () => {
      throw new Error("second");
    });
    dispatcher.addEventListener("ping", () => calls.push("ran"));
    expect(() => dispatcher.dispatchEvent(new Event("ping"))).toThrowError("first");
    expect(calls).toEqual(["ran"]);
  });

  it("dispatches a clone when an event is dispatched again", () => {
    const seen: Event[] = [];
    dispatcher.addEventListener("netStatus", (event) => seen.push(event));
    const event = new NetStatusEvent(NetStatusEvent.NET_STATUS, false, false, { code: "NetGroup.Neighbor.Connect", level: "status" });
    dispatcher.dispatchEvent(event);
    dispatcher.dispatchEvent(event);
    expect(seen.length).toBe(2);
    expect(seen[0]).toBe(event);
    expect(seen[1]).not.toBe(event);
    expect(seen[1]).toBeInstanceOf(NetStatusEvent);
    expect((seen[1] as NetStatusEvent).info).toBe(event.info);
  });

  it("accepts handleEvent objects and DOM options (once, signal)", () => {
    const controller = new AbortController();
    dispatcher.addEventListener("ping", { handleEvent: () => calls.push("object") });
    dispatcher.addEventListener("ping", () => calls.push("once"), { once: true });
    dispatcher.addEventListener("ping", () => calls.push("signal"), { signal: controller.signal });
    dispatcher.dispatchEvent(new Event("ping"));
    controller.abort();
    dispatcher.dispatchEvent(new Event("ping"));
    expect(calls).toEqual(["object", "once", "signal", "object"]);
  });
});

describe("Event and NetStatusEvent", () => {
  it("print like AS3", () => {
    expect(new Event("complete").toString()).toBe('[Event type="complete" bubbles=false cancelable=false eventPhase=2]');
    const status = new NetStatusEvent(NetStatusEvent.NET_STATUS, false, false, { code: "NetConnection.Connect.Success", level: "status" });
    expect(status.toString()).toBe('[NetStatusEvent type="netStatus" bubbles=false cancelable=false eventPhase=2 info=[object Object]]');
    expect(NetStatusEvent.NET_STATUS).toBe("netStatus");
  });

  it("clone keeps type, flags and info", () => {
    const info = { code: "NetGroup.Posting.Notify", level: "status" as const, message: "hi", messageID: "00" };
    const clone = new NetStatusEvent("netStatus", true, true, info).clone();
    expect([clone.type, clone.bubbles, clone.cancelable, clone.info]).toEqual(["netStatus", true, true, info]);
  });

  it("isDefaultPrevented follows preventDefault", () => {
    const event = new Event("x", false, true);
    expect(event.isDefaultPrevented()).toBeFalse();
    event.preventDefault();
    expect(event.isDefaultPrevented()).toBeTrue();
  });
});
