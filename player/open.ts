/**
 * Getting a SWF's bytes for the player: by URL (with download progress), from a chosen or dropped file, or from the
 * tab that opened this one ("Open another peer" for a file that has no URL). Every way ends with the bytes and a
 * name, or with a message for the person saying what went wrong.
 */
import { downloadFailed, handoffLost, notASwf as notASwfFailure, tooLarge, type Failure } from "./failures.js";
import { page } from "./globals.js";

/** A SWF to run. */
export interface SwfSource {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Where it came from, when it has an address another tab can open too. */
  readonly url: string | null;
}

/** The largest SWF the page opens, MB (archived SWFs are rarely above 20 MB). `?limitMB=` lowers it. */
export const DEFAULT_LIMIT_MB = 100;

/** Opening failed; `failure` says what happened and what to do, for the person. */
export class OpenError extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.text} ${failure.todo}`);
  }
}

function checkSize(name: string, size: number, limitMB: number): void {
  if (size > limitMB * 1024 * 1024) throw new OpenError(tooLarge(name, size, limitMB));
}

/** Null when `bytes` starts like a SWF; else what to tell the person. */
export function notASwf(name: string, bytes: Uint8Array): Failure | null {
  return page.flashmesh.looksLikeSwf(bytes) ? null : notASwfFailure(name, bytes.subarray(0, 40));
}

/** Downloads `url`, reporting progress 0–1 (or -1 when the size is unknown). */
export function download(url: string, limitMB: number, progress: (fraction: number) => void): Promise<SwfSource> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("GET", url);
    request.responseType = "arraybuffer";
    request.onprogress = (event) => {
      if (event.lengthComputable && event.total > limitMB * 1024 * 1024) request.abort();
      progress(event.lengthComputable ? event.loaded / event.total : -1);
    };
    request.onabort = () => reject(new OpenError(tooLarge(url, null, limitMB)));
    request.onerror = () => reject(new OpenError(downloadFailed(url, 0, "")));
    request.onload = () => {
      if (request.status < 200 || request.status >= 300) return reject(new OpenError(downloadFailed(url, request.status, request.statusText)));
      const bytes = new Uint8Array(request.response as ArrayBuffer);
      try {
        checkSize(url, bytes.length, limitMB);
      } catch (error) {
        return reject(error);
      }
      resolve({ name: decodeURIComponent(new URL(url, location.href).pathname.split("/").pop() || url), bytes, url: new URL(url, location.href).href });
    };
    request.send();
  });
}

/** Reads a chosen or dropped file. */
export async function readFile(file: File, limitMB: number): Promise<SwfSource> {
  checkSize(file.name, file.size, limitMB);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), url: null };
}

const HANDOFF_CHANNEL = "flashmesh-player-handoff";

/** Lets tabs this one opens ask for the SWF it runs (a file has no URL to give them). */
export function offerHandoff(id: string, source: SwfSource): void {
  const channel = new BroadcastChannel(HANDOFF_CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    const data = event.data as { want?: string };
    if (data.want === id) channel.postMessage({ id, name: source.name, bytes: source.bytes });
  };
}

/** Asks the opener tab for the SWF handed off as `id`. */
export function receiveHandoff(id: string): Promise<SwfSource> {
  return new Promise((resolve, reject) => {
    const channel = new BroadcastChannel(HANDOFF_CHANNEL);
    const timer = setTimeout(() => {
      channel.close();
      reject(new OpenError(handoffLost()));
    }, 5000);
    channel.onmessage = (event: MessageEvent) => {
      const data = event.data as { id?: string; name?: string; bytes?: Uint8Array };
      if (data.id !== id || !(data.bytes instanceof Uint8Array)) return;
      clearTimeout(timer);
      channel.close();
      resolve({ name: data.name ?? "SWF", bytes: data.bytes, url: null });
    };
    channel.postMessage({ want: id });
  });
}
