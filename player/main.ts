/**
 * The flashmesh player page (`/` and `/play?swf=<url>`): open a SWF by address, file or drop; run it in Ruffle with
 * flashmesh (installed by /flashmesh.js, pointed at this server); show the mesh beside it; open more peers in new
 * tabs; list the conformance fixtures as demos.
 */
import type { SwfEvent } from "../shim/bridge/bridge.js";
import { page, type RufflePlayerElement } from "./globals.js";
import { DEFAULT_LIMIT_MB, download, notASwf, OpenError, offerHandoff, readFile, receiveHandoff, type SwfSource } from "./open.js";
import { renderPanel, watchNewObjects } from "./panel.js";
import { captureRuffleTraces } from "./ruffleTraces.js";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const limitMB = Number(params.get("limitMB") ?? DEFAULT_LIMIT_MB) || DEFAULT_LIMIT_MB;
let current: SwfSource | null = null;
let player: RufflePlayerElement | null = null;

function say(text: string, error = false): void {
  const message = $("message");
  message.textContent = text;
  message.classList.toggle("error", error);
}

function progress(label: string | null, fraction = 0): void {
  $("progress").hidden = label === null;
  if (label === null) return;
  $("progress-label").textContent = label;
  const bar = $<HTMLProgressElement>("progress-bar");
  if (fraction < 0) bar.removeAttribute("value");
  else bar.value = Math.round(fraction * 100);
}

captureRuffleTraces((line) => {
  const item = document.createElement("li");
  item.textContent = line;
  $("traces").append(item);
});

function describe({ label, outcome }: SwfEvent): void {
  const name = current?.name ?? label;
  if (outcome.rewritten) return say(`${name} uses Flash's peer-to-peer classes: it runs on the mesh, with ${location.host} as its rendezvous.`);
  switch (outcome.kind) {
    case "no-p2p":
    case "already-rewritten":
      return say(`${name} does not use NetConnection or NetGroup: it runs as it is, without the mesh.`);
    case "actionscript-1-2":
      return say(`${name} is an ActionScript 1/2 SWF (no P2P classes there): it runs as it is.`);
    case "unreadable":
      return say(`${name} could not be read (${outcome.reason}). Ruffle will try to run it as it is.`, true);
  }
}

async function run(source: SwfSource): Promise<void> {
  const problem = notASwf(source.name, source.bytes);
  if (problem !== null) {
    progress(null);
    say(problem, true);
    return;
  }
  current = source;
  progress("Rewriting for the mesh", 1);
  player?.remove();
  player = page.RufflePlayer.newest().createPlayer();
  $("player-host").replaceChildren(player);
  const stop = page.__flashmeshBridge.bridge.onSwf((event) => {
    stop();
    describe(event);
  });
  const base = source.url === null ? location.href : new URL(".", source.url).href;
  try {
    // logLevel "info": Ruffle then prints the SWF's trace() output, which the trace list shows. autoplay "on": a
    // second peer opened in a new tab starts at once (sound stays muted until the page gets a click, as browsers want).
    await player.ruffle().load({ data: source.bytes, swfFileName: source.name, base, allowScriptAccess: true, logLevel: "info", autoplay: "on", unmuteOverlay: "hidden" });
  } catch (error) {
    say(`Ruffle could not load ${source.name}: ${String(error)}`, true);
  }
  progress(null);
  $("another-peer").hidden = false;
  document.title = `${source.name} — flashmesh player`;
}

async function open(get: () => Promise<SwfSource>): Promise<void> {
  say("");
  progress("Downloading", -1);
  try {
    await run(await get());
  } catch (error) {
    progress(null);
    say(error instanceof OpenError ? error.message : `Could not open the SWF: ${String(error)}`, true);
  }
}

function openUrl(url: string): void {
  void open(() => download(url, limitMB, (fraction) => progress("Downloading", fraction)));
}

$("open-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const url = $<HTMLInputElement>("swf-url").value.trim();
  if (url === "") return say("Type the address of a SWF, choose a file, or drop one.", true);
  history.replaceState(null, "", `/play?swf=${encodeURIComponent(url)}`);
  openUrl(url);
});
$<HTMLInputElement>("swf-file").addEventListener("change", (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file !== undefined) void open(() => readFile(file, limitMB));
});
const drop = $("drop-zone");
drop.addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    $("swf-file").click();
  }
});
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const file = event.dataTransfer?.files[0];
  if (file !== undefined) void open(() => readFile(file, limitMB));
});

$("another-peer").addEventListener("click", () => {
  if (current === null) return;
  if (current.url !== null) {
    window.open(`/play?swf=${encodeURIComponent(current.url)}`, "_blank");
    return;
  }
  const id = crypto.randomUUID();
  offerHandoff(id, current);
  window.open(`/play?handoff=${id}`, "_blank");
});

async function listDemos(): Promise<void> {
  const list = $("demo-list");
  try {
    const demos = (await (await fetch("/demos.json")).json()) as { name: string; description: string; players: number; swf: string }[];
    for (const demo of demos) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = demo.name;
      button.dataset["demo"] = demo.name;
      button.addEventListener("click", () => {
        history.replaceState(null, "", `/play?swf=${encodeURIComponent(demo.swf)}`);
        openUrl(demo.swf);
      });
      item.append(button, ` ${demo.description}`);
      list.append(item);
    }
    if (demos.length === 0) list.textContent = "No demos on this server.";
  } catch {
    list.textContent = "The demo list could not be loaded.";
  }
}

watchNewObjects();
void listDemos();
setInterval(() => renderPanel($("panel-body"), $("panel-empty")), 500);
const swf = params.get("swf");
const handoff = params.get("handoff");
if (swf !== null) {
  $<HTMLInputElement>("swf-url").value = swf;
  openUrl(swf);
} else if (handoff !== null) void open(() => receiveHandoff(handoff));
