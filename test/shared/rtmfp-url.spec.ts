/** Where `NetConnection.connect(url)` goes: the configured server, rewrite rules, serverless. */
import { configure, resetConfiguration } from "../../as3-api/config.js";
import { resolveRtmfpUrl, RtmfpUrlError, rewriteUrl } from "../../as3-api/flash/net/rtmfpUrl.js";

describe("rtmfp URL resolution", () => {
  beforeEach(() => configure({ server: "http://127.0.0.1:8080" }));
  afterEach(() => resetConfiguration());

  it("sends every rtmfp:// URL to the configured server, keeping the app (Cirrus' developer key)", () => {
    expect(resolveRtmfpUrl("rtmfp://p2p.rtmfp.net/0123abcd/")).toEqual({ kind: "server", server: "http://127.0.0.1:8080", app: "0123abcd/" });
    expect(resolveRtmfpUrl("rtmfp://localhost:1935/chat/room1")).toEqual({ kind: "server", server: "http://127.0.0.1:8080", app: "chat/room1" });
    expect(resolveRtmfpUrl("RTMFP://stratus.adobe.com")).toEqual({ kind: "server", server: "http://127.0.0.1:8080", app: "" });
    expect(resolveRtmfpUrl("rtmfp:")).toEqual({ kind: "serverless" });
  });

  it("applies the first matching rule: a server URL picks the server, an rtmfp URL replaces the URL", () => {
    configure({
      urlRewriteRules: [
        ["rtmfp://exact.example/app", "rtmfp://exact.example/other-app"],
        [/^rtmfp:\/\/p2p\.rtmfp\.net\/.*/, "https://mesh.example.org/flashmesh"],
        [/^rtmfp:\/\/lan\.example\/.*/, "rtmfp:"],
        [/^rtmfp:\/\/broken\//, "ftp://nowhere/"],
      ],
    });
    expect(resolveRtmfpUrl("rtmfp://exact.example/app")).toEqual({ kind: "server", server: "http://127.0.0.1:8080", app: "other-app" });
    expect(resolveRtmfpUrl("rtmfp://p2p.rtmfp.net/key/")).toEqual({ kind: "server", server: "https://mesh.example.org/flashmesh", app: "key/" });
    expect(resolveRtmfpUrl("rtmfp://lan.example/x")).toEqual({ kind: "serverless" });
    expect(() => resolveRtmfpUrl("rtmfp://broken/x")).toThrowMatching((e) => e instanceof RtmfpUrlError && e.message.includes("ftp://nowhere/"));
    expect(rewriteUrl("rtmfp://exact.example/app/", [["rtmfp://exact.example/app", "x"]])).toBeNull();
  });

  it("rejects what is not an rtmfp URL", () => {
    for (const url of ["rtmp://host/app", "", "rtmfp:/single-slash"]) expect(() => resolveRtmfpUrl(url)).toThrowError(RtmfpUrlError);
  });
});
