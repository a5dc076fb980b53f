/**
 * What the player page says when a SWF cannot run (or runs without the mesh): for each case a title, one plain
 * sentence of what happened and one of what to do. The page shows them over the stage. Wording only: no DOM here.
 */

/** A message for the person, shown over the stage. */
export interface Failure {
  readonly title: string;
  readonly text: string;
  readonly todo: string;
  /** True when there is nothing (or nothing useful) on the stage: the notice covers it. False: a strip above it. */
  readonly covers: boolean;
  /** A technical detail for whoever reports the problem (shown small), if any. */
  readonly detail?: string;
}

const TRY_THE_CHAT = "To see peer-to-peer at work, open an ActionScript 3 SWF that uses NetGroup, such as the chat demo.";

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The file does not start like a SWF; `start` is its first bytes. */
export function notASwf(name: string, start: Uint8Array): Failure {
  const todo = "Check that the address points at the .swf file itself (not a web page about it), or choose the .swf file.";
  if (start.length === 0) return { title: "This file is empty", text: `${name} has no bytes at all: there is nothing to run.`, todo, covers: true };
  const text = new TextDecoder().decode(start.subarray(0, 40)).replace(/\s+/g, " ").trim();
  const shown = /^[\x20-\x7e]+$/.test(text) ? ` (it starts with "${text.slice(0, 30)}")` : "";
  return { title: "This is not a SWF", text: `${name} is not a SWF${shown}: a Flash movie starts with FWS, CWS or ZWS.`, todo, covers: true };
}

/** Larger than the page's limit; `bytes` null when only the download's announced size is known to be too big. */
export function tooLarge(name: string, bytes: number | null, limitMB: number): Failure {
  return {
    title: "Too large to open",
    text: bytes === null ? `${name} is larger than ${limitMB} MB, the most this page opens.` : `${name} is ${size(bytes)}; this page opens SWFs up to ${limitMB} MB.`,
    todo: limitMB < 100 ? "Open the page without ?limitMB= in its address to allow up to 100 MB." : "Archived SWFs are rarely this large: check that this is the right file.",
    covers: true,
  };
}

/** The download did not give the file: `status` 0 for a network or CORS failure. */
export function downloadFailed(url: string, status: number, statusText: string): Failure {
  if (status === 0) {
    return {
      title: "Download failed",
      text: `${url} could not be downloaded: the network failed, or that site does not let other pages read its files.`,
      todo: "Check the address; or download the SWF yourself and open it with “Choose a file…”.",
      covers: true,
    };
  }
  return {
    title: "Download failed",
    text: `${url} could not be downloaded: its server answered ${status}${statusText ? ` ${statusText}` : ""}.`,
    todo: status === 404 ? "Check the address: there is no file there." : "Try again later, or download the SWF yourself and open the file.",
    covers: true,
  };
}

/** The SWF ends early: `have` of the `want` bytes its header announces (uncompressed). */
export function truncated(name: string, have: number, want: number): Failure {
  return {
    title: "This SWF is cut short",
    text: `${name} ends early: only ${Math.floor((have / want) * 100)}% of it is there (${size(have)} of ${size(want)}), usually a download that stopped half-way.`,
    todo: "Download it again, or find another copy. Ruffle is trying to play what is there, under this message.",
    covers: true,
  };
}

/** The SWF's bytes are complete but corrupt; `detail` is the reader's technical reason. */
export function damaged(name: string, detail: string): Failure {
  return {
    title: "This SWF is damaged",
    text: `${name} could not be read: part of it is corrupt, so it is no longer the movie it was.`,
    todo: "Try another copy of it. Ruffle is trying to play it anyway, under this message; it may show nothing.",
    covers: true,
    detail,
  };
}

/** An ActionScript 1/2 SWF: it plays, but cannot be on the mesh. */
export function actionScript12(name: string): Failure {
  return {
    title: "Plays without the mesh",
    text: `${name} is an ActionScript 1/2 movie (Flash Player 8 or older), made before Flash had peer-to-peer, so it plays as it is.`,
    todo: TRY_THE_CHAT,
    covers: false,
  };
}

/** An ActionScript 3 SWF that uses no P2P class. */
export function noPeerToPeer(name: string): Failure {
  return { title: "Plays without the mesh", text: `${name} does not use NetConnection or NetGroup, so it plays as it is, with no mesh.`, todo: TRY_THE_CHAT, covers: false };
}

/** Ruffle itself refused or failed. */
export function ruffleFailed(name: string, error: unknown): Failure {
  return {
    title: "Ruffle could not start it",
    text: `Ruffle could not load ${name}: ${String(error)}.`,
    todo: "Reload the page and try again; if it happens again, the SWF may need something Ruffle does not support yet.",
    covers: true,
  };
}

/** The tab that opened this one no longer has the file it was running. */
export function handoffLost(): Failure {
  return {
    title: "Nothing to open",
    text: "The tab that opened this one no longer has its SWF (it was closed or reloaded).",
    todo: "Open the SWF again here: by address, “Choose a file…”, or by dropping it.",
    covers: true,
  };
}
