/**
 * Classes the rewrite redirects whose proxies need no page-side twin: `NetGroupInfo` (Ruffle lacks it; the proxy is a
 * plain value class), `Responder` (Flash's keeps its functions out of reach; the proxy keeps them, marshal.ts
 * answers it).
 */
import { bridgeClass } from "../BridgeClass.js";

export const netGroupInfoClass = bridgeClass({ name: "NetGroupInfo", package: "flash.net", type: null });
export const responderClass = bridgeClass({ name: "Responder", package: "flash.net", type: null });
/**
 * `H264VideoStreamSettings` (Flash Player 11; Ruffle lacks it): the proxy is a plain value class with Flash's members.
 * Redirected only in SWFs flashmesh rewrites anyway (a Flash 11 P2P publisher). It cannot extend the player's
 * VideoStreamSettings (absent below SWF version 13 in Ruffle, and one missing superclass fails every proxy), so
 * `NetStream.videoStreamSettings`, typed VideoStreamSettings in the player, is renamed to the proxy's untyped member.
 */
export const h264VideoStreamSettingsClass = bridgeClass({
  name: "H264VideoStreamSettings",
  package: "flash.media",
  type: null,
  follows: true,
  renames: { videoStreamSettings: "__fmVideoStreamSettings" },
});
