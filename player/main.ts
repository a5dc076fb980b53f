/**
 * The flashmesh player page (`/` and `/play?swf=<url>`): open a SWF by address, file or drop; run it in Ruffle with
 * flashmesh (installed by /flashmesh.js, pointed at this server); show the mesh beside it; open more peers in new
 * tabs; list the demos by feature. What goes wrong is said over the stage, in plain words, with what to do.
 */
import type { SwfEvent } from "../shim/bridge/bridge.js";
import { cutShort } from "./diagnose.js";
import { actionScript12, damaged, noPeerToPeer, ruffleFailed, truncated, type Failure } from "./failures.js";
import { renderGallery, type Demo } from "./gallery.js";
import { page, type RufflePlayerElement } from "./globals.js";
import { DEFAULT_LIMIT_MB, download, notASwf, OpenError, offerHandoff, readFile, receiveHandoff, type SwfSource } from "./open.js";
import { renderPanel, watchNewObjects } from "./panel.js";
import { captureRuffleTraces } from "./ruffleTraces.js";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const limitMB = Math.min(DEFAULT_LIMIT_MB, Number(params.get("limitMB") ?? DEFAULT_LIMIT_MB) || DEFAULT_LIMIT_MB);
const MAX_TRACES = 500;
let current: SwfSource | null = null;
let player: RufflePlayerElement | null = null;
let demos: Demo[] = [];

/** A demo's name ("the chat demo") starting a sentence gets its capital; file names stay as they are. */
function sentence(text: string): string {
  return text.startsWith("the ") ? `The ${text.slice(4)}` : text;
}

function say(text: string): void {
  $("message").textContent = sentence(text);
}

/** Shows `failure` over the stage (covering it, or as a strip above the running SWF). */
function showFailure(failure: Failure): void {
  $("notice-title").textContent = failure.title;
  $("notice-text").textContent = sentence(failure.text);
  $("notice-todo").textContent = failure.todo;
  $("notice-detail").textContent = failure.detail === undefined ? "" : `Details: ${failure.detail}`;
  const notice = $("notice");
  notice.classList.toggle("covers", failure.covers);
  notice.hidden = false;
  $("welcome").hidden = true;
  progress(null);
  say("");
}

function hideFailure(): void {
  $("notice").hidden = true;
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
  const list = $("traces");
  const item = document.createElement("li");
  item.textContent = line;
  list.append(item);
  while (list.childElementCount > MAX_TRACES) list.firstElementChild?.remove();
  list.scrollTop = list.scrollHeight;
});

async function describe({ outcome }: SwfEvent, source: SwfSource): Promise<void> {
  const name = source.name;
  if (outcome.rewritten) {
    say(`${name} runs on the mesh: open another peer to add a member.`);
    $("another-peer").hidden = false;
    return;
  }
  switch (outcome.kind) {
    case "no-p2p":
    case "already-rewritten":
      return showFailure(noPeerToPeer(name));
    case "actionscript-1-2":
      return showFailure(actionScript12(name));
    case "unreadable": {
      const short = await cutShort(source.bytes);
      return showFailure(short === null ? damaged(name, outcome.reason.replace(/^not a readable SWF: /, "")) : truncated(name, short.have, short.want));
    }
  }
}

/** The demo a fixture address belongs to, for a friendlier name than "case.swf" (with its role, if the address picks one). */
function demoName(source: SwfSource): string {
  if (source.url === null) return source.name;
  const url = new URL(source.url);
  const demo = demos.find((d) => new URL(d.swf, location.href).href === `${url.origin}${url.pathname}`);
  if (demo === undefined) return source.name;
  const role = url.searchParams.get("role");
  return role === null ? `the ${demo.name} demo` : `the ${demo.name} demo (${role})`;
}

/**
 * FlashVars from the SWF address's query string, as Flash Player (and Ruffle loading by URL) gave them to
 * `loaderInfo.parameters`: this page hands Ruffle the bytes, so it says them itself.
 */
function flashVarsOf(source: SwfSource): Record<string, string> {
  return source.url === null ? {} : Object.fromEntries(new URL(source.url).searchParams);
}

async function run(loaded: SwfSource): Promise<void> {
  const source = { ...loaded, name: demoName(loaded) };
  const problem = notASwf(source.name, source.bytes);
  if (problem !== null) {
    progress(null);
    showFailure(problem);
    return;
  }
  current = source;
  progress("Rewriting for the mesh", 1);
  player?.remove();
  player = page.RufflePlayer.newest().createPlayer();
  const element = player;
  // The stage takes the SWF's own proportions once Ruffle has read them.
  element.addEventListener("loadedmetadata", () => {
    const { width, height } = (element.ruffle() as unknown as { metadata: { width: number; height: number } }).metadata;
    if (width > 0 && height > 0) element.style.aspectRatio = `${width} / ${height}`;
    if (width > 0) element.style.maxWidth = `${Math.max(320, width)}px`;
  });
  $("player-host").replaceChildren(element);
  $("welcome").hidden = true;
  const stop = page.__flashmeshBridge.bridge.onSwf((event) => {
    stop();
    void describe(event, source);
  });
  const base = source.url === null ? location.href : new URL(".", source.url).href;
  try {
    // logLevel "info": Ruffle then prints the SWF's trace() output, which the trace list shows. autoplay "on": a
    // second peer opened in a new tab starts at once (sound stays muted until the page gets a click, as browsers want).
    await element.ruffle().load({ data: source.bytes, swfFileName: source.name, base, parameters: flashVarsOf(source), allowScriptAccess: true, logLevel: "info", autoplay: "on", unmuteOverlay: "hidden", splashScreen: false });
  } catch (error) {
    showFailure(ruffleFailed(source.name, error));
  }
  progress(null);
  document.title = `${source.name} — flashmesh player`;
}

async function open(get: () => Promise<SwfSource>): Promise<void> {
  say("");
  hideFailure();
  $("another-peer").hidden = true;
  progress("Downloading", -1);
  try {
    await run(await get());
  } catch (error) {
    progress(null);
    if (error instanceof OpenError) showFailure(error.failure);
    else showFailure({ title: "Could not open the SWF", text: String(error), todo: "Try again, or open another SWF.", covers: true });
  }
}

function openUrl(url: string): void {
  void open(() => download(url, limitMB, (fraction) => progress("Downloading", fraction)));
}

/** Opens demo `name`, at `swf` when a part of it was picked (the address with that part's FlashVars). */
function openDemo(name: string, swf?: string): void {
  const demo = demos.find((d) => d.name === name);
  if (demo === undefined) return showFailure({ title: "No such demo", text: `This server has no demo called ${name}.`, todo: "Pick one from the list below.", covers: true });
  const address = swf ?? demo.swf;
  history.replaceState(null, "", `/play?swf=${encodeURIComponent(address)}`);
  $<HTMLInputElement>("swf-url").value = address;
  window.scrollTo({ top: 0 });
  openUrl(address);
}

$("open-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const url = $<HTMLInputElement>("swf-url").value.trim();
  if (url === "") {
    showFailure({ title: "Nothing to open yet", text: "The address field is empty.", todo: "Type the address of a SWF, choose a file, or drop one on the page.", covers: false });
    return;
  }
  history.replaceState(null, "", `/play?swf=${encodeURIComponent(url)}`);
  openUrl(url);
});
$<HTMLInputElement>("swf-file").addEventListener("change", (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file !== undefined) void open(() => readFile(file, limitMB));
});
$("notice-close").addEventListener("click", hideFailure);
const drop = $("drop-zone");
drop.addEventListener("keydown", (event) => {
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    $("swf-file").click();
  }
});
// The whole page takes a dropped file; the drop zone lights up while one is dragged over.
document.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
document.addEventListener("dragleave", () => drop.classList.remove("over"));
document.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  const file = event.dataTransfer?.files[0];
  if (file !== undefined) void open(() => readFile(file, limitMB));
});
for (const button of document.querySelectorAll<HTMLButtonElement>("#welcome button[data-demo]")) {
  button.addEventListener("click", () => openDemo(button.dataset["demo"] ?? ""));
}

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
  const host = $("demo-list");
  try {
    demos = (await (await fetch("/demos.json")).json()) as Demo[];
    renderGallery(host, demos, (demo, swf) => openDemo(demo.name, swf));
  } catch {
    host.textContent = "The demo list could not be loaded.";
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>("#welcome button[data-demo]")) {
    button.hidden = !demos.some((demo) => demo.name === button.dataset["demo"]);
  }
}

watchNewObjects();
setInterval(() => renderPanel($("panel-body"), $("panel-empty")), 500);
const swf = params.get("swf");
const handoff = params.get("handoff");
// The demo list comes first: it names the SWF a fixture address belongs to.
void listDemos().then(() => {
  if (swf !== null) {
    $<HTMLInputElement>("swf-url").value = swf;
    openUrl(swf);
  } else if (handoff !== null) void open(() => receiveHandoff(handoff));
});
