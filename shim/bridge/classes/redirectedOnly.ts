/**
 * Classes the rewrite redirects whose proxies need no page-side twin: `NetGroupInfo` (Ruffle lacks it; the proxy is a
 * plain value class), `Responder` (Flash's keeps its functions out of reach; the proxy keeps them, marshal.ts
 * answers it).
 */
import { bridgeClass } from "../BridgeClass.js";

export const netGroupInfoClass = bridgeClass({ name: "NetGroupInfo", package: "flash.net", type: null });
export const responderClass = bridgeClass({ name: "Responder", package: "flash.net", type: null });
