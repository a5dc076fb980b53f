/**
 * One Camera's or Microphone's live track, as the classes that use them (Video, NetStream) see it: opened on first
 * use (Flash asked for permission when a camera was first attached, not at `getCamera()`), shared by every user,
 * with listeners told whenever the track changes. Kept out of the AS3 classes' public members (a WeakMap), like
 * connectionInternals.
 */
import { captureTrack, failureOf, type CaptureDevice, type CaptureFailure } from "./devices.js";

/** Where a capture is. */
export type CaptureState = "idle" | "opening" | "live" | "failed";

/** What a Camera or Microphone tells its capture. */
export interface CaptureOwner {
  /** The track went live (permission granted: `*.Unmuted`). */
  live(track: MediaStreamTrack): void;
  /** It could not open (`*.Muted`). */
  failed(failure: CaptureFailure, error: unknown): void;
  /** The constraints to open with now. */
  constraints(): MediaTrackConstraints;
}

export class Capture {
  #state: CaptureState = "idle";
  #track: MediaStreamTrack | null = null;
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly kind: "videoinput" | "audioinput",
    readonly device: CaptureDevice | null,
    readonly owner: CaptureOwner,
  ) {}

  get state(): CaptureState {
    return this.#state;
  }

  /** The live track (null before it opened, after it failed or ended). */
  get track(): MediaStreamTrack | null {
    return this.#track;
  }

  /** Opens the device once (later calls do nothing until it failed, then it is tried again). */
  open(): void {
    if (this.#state === "opening" || this.#state === "live") return;
    this.#state = "opening";
    captureTrack(this.kind, this.device, this.owner.constraints()).then(
      (track) => {
        this.#state = "live";
        this.#track = track;
        track.addEventListener("ended", () => {
          if (this.#track !== track) return;
          this.#track = null;
          this.#state = "idle";
          this.#changed();
        });
        this.owner.live(track);
        this.#changed();
      },
      (error: unknown) => {
        this.#state = "failed";
        // The user saying no is an answer, not a fault: a warning; anything else is an error.
        const report = failureOf(error) === "denied" ? console.warn : console.error;
        report(`[flashmesh] ${(error as Error).message ?? String(error)}`);
        this.owner.failed(failureOf(error), error);
      },
    );
  }

  /** Applies new constraints to the live track (Camera.setMode, Microphone settings); quietly keeps the old ones if refused. */
  async apply(constraints: MediaTrackConstraints): Promise<void> {
    const track = this.#track;
    if (track === null) return;
    try {
      await track.applyConstraints(constraints);
    } catch (error) {
      console.warn("[flashmesh] the device refused the new settings:", error);
    }
    this.#changed();
  }

  /** Tells the watchers that a setting changed (Camera.setQuality: the calls' bitrate). */
  notify(): void {
    this.#changed();
  }

  /** Tells `listener` of every change of the track; returns the function that stops it. */
  watch(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

const captures = new WeakMap<object, Capture>();

/** Records the capture of a Camera or Microphone (their constructors call this). */
export function setCaptureOf(source: object, capture: Capture): void {
  captures.set(source, capture);
}

/** The capture of a flashmesh Camera or Microphone; undefined for anything else. */
export function captureOf(source: unknown): Capture | undefined {
  return typeof source === "object" && source !== null ? captures.get(source) : undefined;
}
