/**
 * The IIFE bundle, loaded the way a page loads it: a <script> tag after Ruffle's. It defines window.flashmesh and
 * installs flashmesh with window.FlashmeshConfig.
 */
import type * as Shim from "../../shim/index.js";

describe("dist/flashmesh.js in a page", () => {
  it("defines window.flashmesh and installs itself with window.FlashmeshConfig", async () => {
    const page = window as unknown as { flashmesh: typeof Shim; FlashmeshConfig?: unknown; __flashmeshBridge?: unknown };
    page.FlashmeshConfig = { server: "https://mesh.example.org/", urlRewriteRules: [[/^rtmfp:\/\/p2p\.rtmfp\.net\//, "rtmfp://p2p.example.org/"]] };
    const script = document.createElement("script");
    script.src = "/base/dist/flashmesh.js";
    const loaded = new Promise<void>((resolve, reject) => {
      script.onload = () => resolve();
      script.onerror = () => reject(new Error("dist/flashmesh.js did not load"));
    });
    document.head.appendChild(script);
    await loaded;
    delete page.FlashmeshConfig;
    const api = page.flashmesh;
    const spec = new api.GroupSpecifier("myGroup");
    spec.postingEnabled = true;
    expect(spec.toString()).toBe("G:0103080e6d7947726f757000");
    expect(api.NetGroupSendResult.NO_ROUTE).toBe("no route");
    expect(api.groupIdOf("G:080e6d7947726f757000")).toBe("ac61dfe62acc9c4ba4d807f97c569e26b4ce8e3fef1d76b9a52284e03b57a020");
    expect(typeof api.installFlashmesh).toBe("function");
    expect(api.flashmeshConfig().server).toBe("https://mesh.example.org/");
    expect(api.flashmeshConfig().urlRewriteRules.length).toBe(1);
    expect(page.__flashmeshBridge).toBeDefined();
  });
});
