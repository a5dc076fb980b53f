/** The IIFE bundle, loaded the way a page loads it: a <script> tag that defines window.flashmesh. */
describe("dist/flashmesh.js in a page", () => {
  it("defines window.flashmesh with the flash.net classes", async () => {
    const script = document.createElement("script");
    script.src = "/base/dist/flashmesh.js";
    const loaded = new Promise<void>((resolve, reject) => {
      script.onload = () => resolve();
      script.onerror = () => reject(new Error("dist/flashmesh.js did not load"));
    });
    document.head.appendChild(script);
    await loaded;
    const api = (window as unknown as { flashmesh: typeof import("../../as3-api/index.js") }).flashmesh;
    const spec = new api.GroupSpecifier("myGroup");
    spec.postingEnabled = true;
    expect(spec.toString()).toBe("G:0103080e6d7947726f757000");
    expect(api.NetGroupSendResult.NO_ROUTE).toBe("no route");
    expect(api.groupIdOf("G:080e6d7947726f757000")).toBe("ac61dfe62acc9c4ba4d807f97c569e26b4ce8e3fef1d76b9a52284e03b57a020");
  });
});
