/**
 * AS3 `flash.media.Camera` over the browser's cameras (getUserMedia). `getCamera()` is synchronous as in Flash and
 * asks nothing yet; the first `Video.attachCamera` or `NetStream.attachCamera` opens the device, which is when
 * Flash showed its privacy dialog: the browser's permission answers it, with `StatusEvent` `Camera.Unmuted`
 * (allowed) or `Camera.Muted` (denied, or the device could not open). Choices where the browser differs from Flash
 * (key frames, quality, names): docs/media.md.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/media/Camera.html
 */
import { stub } from "../../stub.js";
import { ArgumentError } from "../../toplevel/ArgumentError.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { ActivityEvent } from "../events/ActivityEvent.js";
import { EventDispatcher } from "../events/EventDispatcher.js";
import { StatusEvent } from "../events/StatusEvent.js";
import { Capture, setCaptureOf } from "./capture.js";
import { canCapture, devicesOf, listDevices, type CaptureDevice } from "./devices.js";
import { meterMotion, type MotionMeter } from "./motion.js";

/** Events a Camera dispatches. */
export interface CameraEventMap {
  status: StatusEvent;
  activity: ActivityEvent;
}

/** One Camera object per device, as Flash returns the same object for the same index. */
const cameras = new Map<number, Camera>();
const CREATE = Symbol("create");

/** AS3 Camera. */
export class Camera extends EventDispatcher<CameraEventMap> {
  readonly #capture: Capture;
  readonly #index: number;
  readonly #name: string;
  #width = 160;
  #height = 120;
  #fps = 15;
  #favorArea = true;
  #bandwidth = 16384;
  #quality = 0;
  #keyFrameInterval = 15;
  #motionLevel = 50;
  #motionTimeout = 2000;
  #loopback = false;
  #muted = true;
  #meter: MotionMeter | null = null;
  #active = false;
  #quietSince = 0;

  /** Not for AS3 code: use {@link Camera.getCamera}. */
  constructor(token: symbol, index: number, device: CaptureDevice | null) {
    super();
    if (token !== CREATE) throw playerError(ArgumentError, 2012, "Camera");
    this.#index = index;
    this.#name = device?.name ?? "Camera 1";
    this.#capture = new Capture("videoinput", device, {
      constraints: () => this.#constraints(),
      live: (track) => {
        this.#muted = false;
        this.#startMeter(track);
        this.dispatchEvent(new StatusEvent(StatusEvent.STATUS, false, false, "Camera.Unmuted", "status"));
      },
      failed: () => {
        this.#muted = true;
        this.dispatchEvent(new StatusEvent(StatusEvent.STATUS, false, false, "Camera.Muted", "status"));
      },
    });
    setCaptureOf(this, this.#capture);
  }

  /** Whether this page can use cameras at all. */
  static get isSupported(): boolean {
    return canCapture();
  }

  /** The names of the cameras (empty until the browser listed them, or when there are none). */
  static get names(): string[] {
    return (devicesOf("videoinput") ?? []).map((device) => device.name);
  }

  /**
   * The camera at index `name` (a string: `"0"`, `"1"`, …; null: the default one), or null when there is no such
   * camera. Always the same object for the same camera.
   */
  static getCamera(name: string | null = null): Camera | null {
    if (!canCapture()) return null;
    const devices = devicesOf("videoinput");
    const index = name === null || name === undefined ? 0 : Number.parseInt(String(name), 10);
    if (!Number.isInteger(index) || index < 0) return null;
    // Not listed yet: the default camera (index 0) is assumed; it goes muted if there is none.
    if (devices === null && index !== 0) return null;
    if (devices !== null && index >= devices.length) return null;
    let camera = cameras.get(index);
    if (camera === undefined) {
      camera = new Camera(CREATE, index, devices?.[index] ?? null);
      cameras.set(index, camera);
    }
    return camera;
  }

  /** Lists the page's cameras now (flashmesh's, not AS3): `names` and `getCamera()` answer from the list. */
  static refresh(): Promise<void> {
    return listDevices();
  }

  /** Motion the camera sees, 0–100; -1 until the camera is live. */
  get activityLevel(): number {
    return this.#meter?.level ?? -1;
  }

  /** Maximum bandwidth for outgoing video, bytes per second (0: as much as the quality needs). */
  get bandwidth(): number {
    return this.#bandwidth;
  }

  /** Frames per second the camera delivers now. */
  get currentFPS(): number {
    return this.#meter?.fps ?? 0;
  }

  /** The capture frame rate: the camera's actual one once live, else the requested one. */
  get fps(): number {
    return this.#settings()?.frameRate ?? this.#fps;
  }

  get height(): number {
    return this.#settings()?.height ?? this.#height;
  }

  get width(): number {
    return this.#settings()?.width ?? this.#width;
  }

  get index(): number {
    return this.#index;
  }

  get keyFrameInterval(): number {
    return this.#keyFrameInterval;
  }

  get loopback(): boolean {
    return this.#loopback;
  }

  get motionLevel(): number {
    return this.#motionLevel;
  }

  get motionTimeout(): number {
    return this.#motionTimeout;
  }

  /** True until the user allowed the camera (and again when it was denied or failed). */
  get muted(): boolean {
    return this.#muted;
  }

  get name(): string {
    return this.#name;
  }

  /** Where the camera faces; browsers rarely say (then "unknown", Flash's value for desktop cameras). */
  get position(): string {
    const facing = this.#settings()?.facingMode;
    return facing === "user" ? "front" : facing === "environment" ? "back" : "unknown";
  }

  get quality(): number {
    return this.#quality;
  }

  /** Sets the capture mode; the camera's nearest mode is used (Flash's rule), read back by width/height/fps. */
  setMode(width: number, height: number, fps: number, favorArea = true): void {
    this.#width = Math.max(1, Math.round(Number(width)) || 160);
    this.#height = Math.max(1, Math.round(Number(height)) || 120);
    this.#fps = Math.max(1, Number(fps) || 15);
    this.#favorArea = Boolean(favorArea);
    void this.#capture.apply(this.#constraints());
  }

  /**
   * Bandwidth (bytes/s, 0: no cap) and quality (1–100, 0: whatever the bandwidth allows). The bandwidth caps every
   * outgoing call's video bitrate; quality is kept for the SWF to read (WebRTC's encoder picks its own).
   */
  setQuality(bandwidth: number, quality: number): void {
    this.#bandwidth = Math.max(0, Math.floor(Number(bandwidth)) || 0);
    this.#quality = Math.min(100, Math.max(0, Math.floor(Number(quality)) || 0));
    this.#capture.notify();
  }

  /** Kept for the SWF to read; WebRTC's encoder chooses key frames itself (and sends one when a viewer joins). */
  setKeyFrameInterval(keyFrameInterval: number): void {
    this.#keyFrameInterval = Math.min(300, Math.max(1, Math.floor(Number(keyFrameInterval)) || 15));
  }

  setLoopback(compress = false): void {
    this.#loopback = Boolean(compress);
  }

  /** Motion (0–100; 100: never active) above which the camera counts as active, and how long it stays so, ms. */
  setMotionLevel(motionLevel: number, timeout = 2000): void {
    this.#motionLevel = Math.min(100, Math.max(0, Number(motionLevel) || 0));
    this.#motionTimeout = Math.max(0, Number(timeout) || 0);
  }

  copyToByteArray(_rect: unknown, _destination: unknown): void {
    stub("flash.media.Camera.copyToByteArray");
  }

  copyToVector(_rect: unknown, _destination: unknown): void {
    stub("flash.media.Camera.copyToVector");
  }

  drawToBitmapData(_destination: unknown): void {
    stub("flash.media.Camera.drawToBitmapData");
  }

  override toString(): string {
    return "[object Camera]";
  }

  #settings(): MediaTrackSettings | null {
    return this.#capture.track?.getSettings() ?? null;
  }

  #constraints(): MediaTrackConstraints {
    // favorArea: keep the size and let the rate give; otherwise the rate.
    return this.#favorArea
      ? { width: { ideal: this.#width }, height: { ideal: this.#height }, frameRate: { ideal: this.#fps } }
      : { width: { ideal: this.#width }, height: { ideal: this.#height }, frameRate: { min: Math.min(this.#fps, 5), ideal: this.#fps } };
  }

  #startMeter(track: MediaStreamTrack): void {
    this.#meter?.stop();
    this.#meter = meterMotion(track, (level) => this.#sampled(level));
  }

  /** ActivityEvent when motion rises above motionLevel, and when it stayed below for motionTimeout. */
  #sampled(level: number): void {
    const now = performance.now();
    if (level >= this.#motionLevel && this.#motionLevel < 100) {
      this.#quietSince = now;
      if (!this.#active) {
        this.#active = true;
        this.dispatchEvent(new ActivityEvent(ActivityEvent.ACTIVITY, false, false, true));
      }
    } else if (this.#active && now - this.#quietSince >= this.#motionTimeout) {
      this.#active = false;
      this.dispatchEvent(new ActivityEvent(ActivityEvent.ACTIVITY, false, false, false));
    }
  }
}

/** The bandwidth a camera allows for outgoing video, bits per second (0: no cap). */
export function cameraBitrate(camera: Camera): number {
  return camera.bandwidth * 8;
}
