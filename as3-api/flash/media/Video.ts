/**
 * AS3 `flash.media.Video`: shows a camera (`attachCamera`, the local preview) or a playing NetStream's video
 * (`attachNetStream`). Flash's Video is a display object on the SWF's stage; here it drives an HTML `<video>`
 * element (`element`), which a page places itself or which the Ruffle shim lays over the player exactly where the
 * SWF's Video is (docs/media.md). Position, size and visibility are kept for that overlay.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/media/Video.html
 */
import { playerError } from "../../toplevel/playerErrors.js";
import { TypeError } from "../../toplevel/TypeError.js";
import { Camera } from "./Camera.js";
import { captureOf } from "./capture.js";
import { netStreamMediaOf } from "./netStreamMedia.js";

/** AS3 Video. */
export class Video {
  #element: HTMLVideoElement | null = null;
  #stopWatching: (() => void) | null = null;
  #shown: MediaStream | null = null;
  #smoothing = false;
  #width: number;
  #height: number;
  /** Stage position, for an overlay (flashmesh's, not read by anything here). */
  x = 0;
  y = 0;
  visible = true;
  name = "";
  /** Deblocking filter setting (kept; the browser's decoder deblocks as its codec says). */
  deblocking = 0;

  constructor(width = 320, height = 240) {
    this.#width = Math.max(0, Number(width) || 0);
    this.#height = Math.max(0, Number(height) || 0);
  }

  /** The element showing the picture (null outside a page with a DOM). Not AS3. */
  get element(): HTMLVideoElement | null {
    if (this.#element === null && typeof document !== "undefined") {
      const element = document.createElement("video");
      element.muted = true; // sound plays through the NetStream, as in Flash, never twice
      element.autoplay = true;
      element.playsInline = true;
      element.width = this.#width;
      element.height = this.#height;
      element.style.objectFit = "fill"; // Flash stretches the picture to the Video's size
      this.#element = element;
      this.#applySmoothing();
      this.#show(this.#shown);
    }
    return this.#element;
  }

  get width(): number {
    return this.#width;
  }

  set width(value: number) {
    this.#width = Math.max(0, Number(value) || 0);
    if (this.#element !== null) this.#element.width = this.#width;
  }

  get height(): number {
    return this.#height;
  }

  set height(value: number) {
    this.#height = Math.max(0, Number(value) || 0);
    if (this.#element !== null) this.#element.height = this.#height;
  }

  /** Whether a scaled picture is smoothed (Flash's default: no, nearest-neighbour scaling). */
  get smoothing(): boolean {
    return this.#smoothing;
  }

  set smoothing(value: boolean) {
    this.#smoothing = Boolean(value);
    this.#applySmoothing();
  }

  /** Width of the picture as it arrives (0 until the first frame). */
  get videoWidth(): number {
    return this.#pictureSize()[0];
  }

  /** Height of the picture as it arrives (0 until the first frame). */
  get videoHeight(): number {
    return this.#pictureSize()[1];
  }

  /**
   * The element's picture size, or 0×0 while it shows WebRTC's placeholder: before a remote track's first real frame,
   * Chromium's decoder hands the element a 2×2 black frame, which no camera makes and Flash never reported (a SWF
   * waiting for `videoWidth > 0` would read 2×2 as the stream's size).
   */
  #pictureSize(): [number, number] {
    const element = this.element;
    if (element === null) return [0, 0];
    const { videoWidth: width, videoHeight: height } = element;
    return width <= 2 && height <= 2 ? [0, 0] : [width, height];
  }

  /** Shows `camera` (the local preview; opens the device, asking the user), or nothing for null. */
  attachCamera(camera: Camera | null): void {
    if (camera !== null && camera !== undefined && !(camera instanceof Camera)) throw playerError(TypeError, 2007, "camera");
    this.#detach();
    const capture = camera === null || camera === undefined ? undefined : captureOf(camera);
    if (capture === undefined) return this.#show(null);
    const update = (): void => this.#show(capture.track === null ? null : new MediaStream([capture.track]));
    this.#stopWatching = capture.watch(update);
    capture.open();
    update();
  }

  /** Shows the video of a playing NetStream (from when its publisher's tracks arrive), or nothing for null. */
  attachNetStream(netStream: object | null): void {
    this.#detach();
    const media = netStream === null || netStream === undefined ? undefined : netStreamMediaOf(netStream);
    if (media === undefined) return this.#show(null);
    const update = (): void => this.#show(media.remoteStream);
    this.#stopWatching = media.watchRemote(update);
    update();
  }

  /** Clears the picture shown now; the next frame of the attached source shows again. */
  clear(): void {
    const element = this.#element;
    if (element === null) return;
    element.style.visibility = "hidden";
    if (typeof element.requestVideoFrameCallback === "function") element.requestVideoFrameCallback(() => (element.style.visibility = ""));
  }

  toString(): string {
    return "[object Video]";
  }

  #detach(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
  }

  #show(stream: MediaStream | null): void {
    const previous = this.#shown;
    this.#shown = stream;
    // In a page the element exists from the first attachment: it plays (and measures) whether placed or not.
    const element = stream === null ? this.#element : this.element;
    if (element === null) return;
    // The same tracks: keep the element's stream (a new object would restart the picture).
    const same = previous !== null && stream !== null && previous.getTracks().every((track, i) => stream.getTracks()[i] === track) && previous.getTracks().length === stream.getTracks().length;
    if (same && element.srcObject !== null) return;
    element.srcObject = stream;
    if (stream !== null) void element.play().catch(() => {}); // muted: autoplay is allowed
  }

  #applySmoothing(): void {
    if (this.#element !== null) this.#element.style.imageRendering = this.#smoothing ? "auto" : "pixelated";
  }
}
