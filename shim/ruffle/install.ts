/**
 * `installFlashmesh(options)`: what the script tag does, as a function for emulator integrations. Configures the
 * flash.net classes (server, URL rewrite rules, ICE servers), installs the bridge, and hooks Ruffle so every SWF it
 * loads on this page is rewritten when it uses the P2P classes.
 */
import { configure, type FlashmeshConfig } from "../../as3-api/config.js";
import { installBridge, type Bridge } from "../bridge/bridge.js";
import { hookFetch } from "./fetchHook.js";
import { hookPlayers } from "./playerHook.js";
import { forwardFromReplacedElements } from "./replacedElements.js";
import { listDevices } from "../../as3-api/flash/media/devices.js";

/** Options of {@link installFlashmesh}: flashmesh's configuration, plus how to treat Ruffle's. */
export interface FlashmeshOptions extends Partial<Omit<FlashmeshConfig, "openSession">> {
  /**
   * The bridge needs ExternalInterface. When true (the default) and the page has not chosen, flashmesh sets
   * `RufflePlayer.config.allowScriptAccess = true`; a page that set it keeps its choice (and a P2P SWF then reports
   * that it cannot reach the page).
   */
  readonly allowScriptAccess?: boolean;
}

export interface FlashmeshInstallation {
  readonly bridge: Bridge;
  /** Undoes the hooks (the bridge stays for players already running). */
  uninstall(): void;
}

let current: FlashmeshInstallation | null = null;

/** Installs flashmesh on this page (once: later calls only update the configuration). */
export function installFlashmesh(options: FlashmeshOptions = {}): FlashmeshInstallation {
  const { allowScriptAccess = true, ...settings } = options;
  configure(settings);
  if (allowScriptAccess) {
    const ruffle = ((globalThis as { RufflePlayer?: { config?: Record<string, unknown> } }).RufflePlayer ??= {});
    ruffle.config ??= {};
    if (!("allowScriptAccess" in ruffle.config)) ruffle.config["allowScriptAccess"] = true;
  }
  if (current !== null) return current;
  const bridge = installBridge();
  // The page's cameras and microphones, listed now (no prompt): a SWF's first Camera.names has them (docs/media.md).
  void listDevices();
  // Pages that kept the <object>/<embed> Ruffle replaced still reach the SWF's callbacks (replacedElements.ts).
  const undo = [hookFetch(bridge), hookPlayers(bridge), forwardFromReplacedElements()];
  current = {
    bridge,
    uninstall() {
      for (const step of undo) step();
      current = null;
    },
  };
  return current;
}
