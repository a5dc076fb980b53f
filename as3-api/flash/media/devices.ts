/**
 * The page's capture devices, for flash.media.Camera and Microphone: the one module that touches
 * `navigator.mediaDevices`. Devices are listed once at first use and again whenever the page's devices change;
 * Flash's `Camera.names`/`getCamera()` are synchronous, so they answer from the last list (see docs/media.md: before
 * the first list arrives, `getCamera()` still returns a camera, which goes muted if there is none).
 */

/** A capture device as Flash names it. */
export interface CaptureDevice {
  /** The browser's device ID ("" before the page had any permission: then the browser's default device). */
  readonly id: string;
  /** The name Flash shows: the browser's label, or "Camera 1"/"Microphone 1" while labels are hidden. */
  readonly name: string;
}

type DeviceKind = "videoinput" | "audioinput";

let listed: Record<DeviceKind, CaptureDevice[]> | null = null;
let listing: Promise<void> | null = null;
let watching = false;

/** Whether this page can capture at all (a secure context with `navigator.mediaDevices`). */
export function canCapture(): boolean {
  return typeof navigator !== "undefined" && navigator.mediaDevices !== undefined && typeof navigator.mediaDevices.getUserMedia === "function";
}

/** Lists the devices (again); resolves when done. Never rejects: a failure lists none. */
export function listDevices(): Promise<void> {
  if (!canCapture()) {
    listed = { videoinput: [], audioinput: [] };
    return Promise.resolve();
  }
  if (!watching) {
    watching = true;
    navigator.mediaDevices.addEventListener?.("devicechange", () => void listDevices());
  }
  listing ??= navigator.mediaDevices.enumerateDevices().then(
    (devices) => {
      const of = (kind: DeviceKind, word: string): CaptureDevice[] =>
        devices.filter((device) => device.kind === kind).map((device, index) => ({ id: device.deviceId, name: device.label !== "" ? device.label : `${word} ${index + 1}` }));
      listed = { videoinput: of("videoinput", "Camera"), audioinput: of("audioinput", "Microphone") };
      listing = null;
    },
    (error: unknown) => {
      console.error("[flashmesh] could not list the capture devices:", error);
      listed = { videoinput: [], audioinput: [] };
      listing = null;
    },
  );
  return listing;
}

/** The devices of `kind` as last listed; null before the first list (which this starts). */
export function devicesOf(kind: DeviceKind): readonly CaptureDevice[] | null {
  if (listed === null) void listDevices();
  return listed?.[kind] ?? null;
}

/** Why a capture did not start. */
export type CaptureFailure = "denied" | "no-device" | "unsupported" | "failed";

/**
 * Opens one track of `kind` on `device` (null: the browser's default) with `constraints`. The browser asks the user
 * (Flash's privacy dialog); rejects with a {@link CaptureFailure} and the browser's error as cause.
 */
export async function captureTrack(kind: DeviceKind, device: CaptureDevice | null, constraints: MediaTrackConstraints): Promise<MediaStreamTrack> {
  if (!canCapture()) throw Object.assign(new Error("this page cannot capture (no navigator.mediaDevices: not a secure context?)"), { failure: "unsupported" as CaptureFailure });
  const wanted: MediaTrackConstraints = device === null || device.id === "" ? constraints : { ...constraints, deviceId: { exact: device.id } };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(kind === "videoinput" ? { video: wanted } : { audio: wanted });
  } catch (error) {
    const name = (error as { name?: string }).name;
    const failure: CaptureFailure = name === "NotAllowedError" || name === "SecurityError" ? "denied" : name === "NotFoundError" || name === "OverconstrainedError" ? "no-device" : "failed";
    throw Object.assign(new Error(`could not open the ${kind === "videoinput" ? "camera" : "microphone"}: ${(error as Error).message ?? String(error)}`), { failure, cause: error });
  }
  // Labels are readable now that the page has permission.
  void listDevices();
  const track = kind === "videoinput" ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
  if (track === undefined) throw Object.assign(new Error("the browser gave no track"), { failure: "failed" as CaptureFailure });
  return track;
}

/** The failure kind of a {@link captureTrack} rejection. */
export function failureOf(error: unknown): CaptureFailure {
  return ((error as { failure?: CaptureFailure }).failure) ?? "failed";
}
