/**
 * Classes the rewrite redirects whose proxies need no page-side twin: `NetGroupInfo` (Ruffle lacks it; the proxy is a
 * plain value class), `Responder` (Flash's keeps its functions out of reach; the proxy keeps them, marshal.ts
 * answers it), and `NetStream` until its peer-to-peer kinds reach the page (the proxy calls `stub()` for them;
 * progressive and RTMP streams stay the player's).
 */
import { bridgeClass } from "../BridgeClass.js";

export const netGroupInfoClass = bridgeClass({ name: "NetGroupInfo", package: "flash.net", type: null });
export const responderClass = bridgeClass({ name: "Responder", package: "flash.net", type: null });
export const netStreamClass = bridgeClass({ name: "NetStream", package: "flash.net", type: null });
