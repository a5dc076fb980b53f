/**
 * shim/ruffle/replacedElements.ts in a real DOM: an `<object>` the page kept answers the callbacks Ruffle's element
 * gets after replacing it, and nothing else about the kept element changes.
 */
import { forwardCallbacks, forwardFromReplacedElements } from "../../shim/ruffle/replacedElements.js";

/** Waits for pending MutationObserver callbacks (they run as microtasks after the mutation). */
const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe("a Flash element Ruffle replaced", () => {
  let container: HTMLDivElement;
  beforeEach(() => {
    container = document.createElement("div");
    document.body.appendChild(container);
  });
  afterEach(() => container.remove());

  it("answers the replacement's callbacks, those added later too, and keeps its own DOM members", () => {
    const kept = document.createElement("object");
    kept.id = "kept";
    const ruffle = document.createElement("div") as HTMLDivElement & Record<string, unknown>;
    ruffle["ping"] = function (this: unknown, value: number) {
      return { self: this === ruffle, value: value + 1 };
    };
    forwardCallbacks(kept, ruffle);
    const calls = kept as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(calls["ping"]!(41)).toEqual({ self: true, value: 42 });
    expect(calls["later"]).toBeUndefined();
    ruffle["later"] = () => "added after the swap";
    expect(calls["later"]!()).toBe("added after the swap");
    // The element's own members are untouched: DOM names never forward, nor do the replacement's non-functions.
    ruffle["getAttribute"] = () => "from ruffle";
    ruffle["data"] = "not a callback";
    expect(kept.getAttribute("id")).toBe("kept");
    expect(kept.tagName).toBe("OBJECT");
    expect(kept instanceof HTMLObjectElement).toBeTrue();
    expect((kept as unknown as Record<string, unknown>)["data"]).toBe("");
  });

  it("is found by watching the document for replaceWith, and only for <object>/<embed> replaced by a ruffle-* element", async () => {
    const stop = forwardFromReplacedElements(document);
    try {
      const kept = document.createElement("object");
      const other = document.createElement("span");
      container.append(kept, other);
      const ruffle = document.createElement("ruffle-test-player") as HTMLElement & Record<string, unknown>;
      ruffle["p2pInit"] = (url: string) => `init ${url}`;
      kept.replaceWith(ruffle);
      const notRuffle = document.createElement("div") as unknown as Record<string, unknown> & Element;
      notRuffle["p2pInit"] = () => "wrong";
      other.replaceWith(notRuffle);
      await settled();
      expect((kept as unknown as Record<string, (url: string) => string>)["p2pInit"]!("rtmfp:")).toBe("init rtmfp:");
      expect((other as unknown as Record<string, unknown>)["p2pInit"]).toBeUndefined();
    } finally {
      stop();
    }
    // Once stopped, replacements are not watched any more.
    const late = document.createElement("embed");
    container.append(late);
    const ruffle = document.createElement("ruffle-test-player") as HTMLElement & Record<string, unknown>;
    ruffle["p2pInit"] = () => "too late";
    late.replaceWith(ruffle);
    await settled();
    expect((late as unknown as Record<string, unknown>)["p2pInit"]).toBeUndefined();
  });
});
