/**
 * Every class the bridge carries, one descriptor each (BridgeClass.ts). The operations table and the rewrite's
 * redirect list are built from this list: a class joins with its descriptor file, one line here, and its Haxe proxy
 * in shim/proxies/src/flashmesh/ (docs/architecture.md, "Adding a class to the bridge").
 */
import type { BridgeClass } from "../BridgeClass.js";
import { redirectsFor, type Redirects } from "../../swf/redirect.js";
import { groupSpecifierClass } from "./GroupSpecifier.js";
import { netConnectionClass } from "./NetConnection.js";
import { netGroupClass } from "./NetGroup.js";
import { netStreamClass } from "./NetStream.js";
import { h264VideoStreamSettingsClass, netGroupInfoClass, responderClass } from "./redirectedOnly.js";
import { cameraClass } from "./Camera.js";
import { microphoneClass } from "./Microphone.js";
import { videoClass } from "./Video.js";

export const BRIDGE_CLASSES: readonly BridgeClass[] = [
  netConnectionClass,
  netGroupClass,
  netStreamClass,
  groupSpecifierClass,
  netGroupInfoClass,
  responderClass,
  cameraClass,
  microphoneClass,
  videoClass,
  h264VideoStreamSettingsClass,
];

/** The redirected classes' names (`"NetGroup"`, …), in the order above. */
export const REDIRECTED_CLASSES: readonly string[] = BRIDGE_CLASSES.map((descriptor) => descriptor.name);

/** What the rewrite pass moves: every descriptor's `package::Name` to `flashmesh::Name`. */
export const REDIRECTS: Redirects = redirectsFor(
  BRIDGE_CLASSES.filter((descriptor) => descriptor.follows !== true).map((descriptor) => `${descriptor.package}::${descriptor.name}`),
  BRIDGE_CLASSES.filter((descriptor) => descriptor.follows === true).map((descriptor) => `${descriptor.package}::${descriptor.name}`),
  new Map(BRIDGE_CLASSES.flatMap((descriptor) => Object.entries(descriptor.renames ?? {}))),
);
