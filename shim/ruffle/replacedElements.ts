/**
 * The page's own `<object>`/`<embed>` keeps answering the SWF's ExternalInterface callbacks after Ruffle replaces it.
 *
 * Ruffle's polyfill swaps each Flash `<object>`/`<embed>` for its own `<ruffle-object>`/`<ruffle-embed>`, and a SWF's
 * `ExternalInterface.addCallback(name, …)` becomes a property of that new element only. Archived pages that drive a
 * hidden SWF (the JS-bridge pattern of many RTMFP apps: swfobject's `embedSWF` callback keeps `result.ref`, or the page
 * keeps `getElementById(id)` from before the swap) then call `oldElement.init(…)` on an element that has no such
 * method, and wait forever for it (Ruffle issues #7868 and #7901). Flash Player put the callbacks on that very element.
 *
 * flashmesh watches the document for that swap (one MutationObserver record removes the page's element and adds
 * Ruffle's in its place: `replaceWith`) and gives the replaced element a prototype that is a Proxy over its own: a name
 * the element does not have itself and that is a function the Ruffle element has as its own property (a callback,
 * whenever the SWF adds it) is answered by a function calling the Ruffle element's. Everything else is looked up as
 * before, so the element is unchanged for every DOM name. Nothing is copied, so callbacks added later are found too.
 * (Wrapping the polyfill's `fromNativeObjectElement` does not work: Ruffle defines its element class inside the first
 * call, so the first SWF of a page would never be seen.)
 */

const FORWARDED = Symbol.for("flashmesh.forwardedToRuffle");

/** Makes `original` answer `replacement`'s ExternalInterface callbacks (idempotent). */
export function forwardCallbacks(original: object, replacement: object): void {
  const target = original as Record<symbol, unknown>;
  if (target[FORWARDED] !== undefined) return;
  const prototype = Object.getPrototypeOf(original) as object | null;
  if (prototype === null) return;
  const ruffle = replacement as Record<string, unknown>;
  const forwarders = new Map<string, (...args: unknown[]) => unknown>();
  // The Proxy's target is an empty object over the element's prototype, so that prototype stays in the chain
  // (`instanceof HTMLObjectElement` holds) and every other lookup finds what it found before.
  const lookup = new Proxy(Object.create(prototype) as object, {
    get(base, name, receiver) {
      if (typeof name === "string" && !(name in base) && Object.hasOwn(ruffle, name) && typeof ruffle[name] === "function") {
        let forwarder = forwarders.get(name);
        if (forwarder === undefined) {
          forwarder = (...args: unknown[]): unknown => (ruffle[name] as (...a: unknown[]) => unknown).apply(replacement, args);
          forwarders.set(name, forwarder);
        }
        return forwarder;
      }
      return Reflect.get(base, name, receiver);
    },
  });
  Object.setPrototypeOf(original, lookup);
  Object.defineProperty(original, FORWARDED, { value: replacement });
}

/** Whether `node` is a Flash element the polyfill replaces (the page's `<object>` or `<embed>`). */
function isFlashElement(node: Node): node is Element {
  return node instanceof Element && (node.localName === "object" || node.localName === "embed");
}

/** Whether `node` is one of Ruffle's player elements (`ruffle-object`, `ruffle-embed`, numbered when names clash). */
function isRuffleElement(node: Node): node is Element {
  return node instanceof Element && node.localName.startsWith("ruffle-");
}

/**
 * Watches `root` (the document) for Ruffle replacing a Flash element, and makes each replaced one forward its
 * callbacks; returns an undo function. Without MutationObserver (not a browser), does nothing.
 */
export function forwardFromReplacedElements(root: Node = globalThis.document): () => void {
  if (typeof MutationObserver === "undefined" || root === undefined) return () => undefined;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.removedNodes.length === 0 || record.addedNodes.length === 0) continue;
      const replaced = [...record.removedNodes].find(isFlashElement);
      const replacement = [...record.addedNodes].find(isRuffleElement);
      if (replaced !== undefined && replacement !== undefined) forwardCallbacks(replaced, replacement);
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
