/**
 * The IIFE bundle, loaded the way a page loads it: a <script> tag. It defines window.flashmesh and installs
 * flashmesh with window.FlashmeshConfig. It runs in a page of its own (an iframe removed afterwards), so the
 * shared karma page, where the other specs run, never has the bundle's globals, hooks or bridge from it.
 */
import type * as Shim from "../../shim/index.js";

interface BundlePage {
  flashmesh?: typeof Shim;
  FlashmeshConfig?: unknown;
  __flashmeshBridge?: unknown;
  fetch: typeof fetch;
}

describe("dist/flashmesh.js in a page", () => {
  let frame: HTMLIFrameElement;
  beforeEach(async () => {
    frame = document.createElement("iframe");
    const ready = new Promise<void>((resolve) => frame.addEventListener("load", () => resolve(), { once: true }));
    frame.src = "about:blank";
    document.body.appendChild(frame);
    await ready;
  });
  afterEach(() => frame.remove());

  it("defines window.flashmesh and installs itself with window.FlashmeshConfig, in its own page only", async () => {
    const page = frame.contentWindow as unknown as BundlePage;
    const karmaPage = window as unknown as BundlePage;
    const hadBridge = karmaPage.__flashmeshBridge;
    const pageFetch = page.fetch;
    page.FlashmeshConfig = { server: "https://mesh.example.org/", urlRewriteRules: [[/^rtmfp:\/\/p2p\.rtmfp\.net\//, "rtmfp://p2p.example.org/"]] };
    const script = frame.contentDocument!.createElement("script");
    script.src = new URL("/base/dist/flashmesh.js", location.href).href;
    const loaded = new Promise<void>((resolve, reject) => {
      script.onload = () => resolve();
      script.onerror = () => reject(new Error("dist/flashmesh.js did not load"));
    });
    frame.contentDocument!.head.appendChild(script);
    await loaded;
    const api = page.flashmesh!;
    const spec = new api.GroupSpecifier("myGroup");
    spec.postingEnabled = true;
    expect(spec.toString()).toBe("G:0103080e6d7947726f757000");
    expect(api.NetGroupSendResult.NO_ROUTE).toBe("no route");
    expect(api.groupIdOf("G:080e6d7947726f757000")).toBe("ac61dfe62acc9c4ba4d807f97c569e26b4ce8e3fef1d76b9a52284e03b57a020");
    expect(typeof api.installFlashmesh).toBe("function");
    expect(api.flashmeshConfig().server).toBe("https://mesh.example.org/");
    expect(api.flashmeshConfig().urlRewriteRules.length).toBe(1);
    expect(page.__flashmeshBridge).toBeDefined();
    expect(page.fetch).not.toBe(pageFetch); // installed: its fetch is hooked
    // Nothing of it reached the karma page.
    expect(karmaPage.flashmesh).toBeUndefined();
    expect(karmaPage.__flashmeshBridge).toBe(hadBridge);
  });
});
