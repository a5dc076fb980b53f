/**
 * The pixels of a SWF's Video where the SWF puts them: the HTML `<video>` of a flashmesh Video (flash/media/Video.ts)
 * laid over the Ruffle player element, on the Video's stage rectangle mapped through the stage's scale mode,
 * alignment and the element's size (stageMapping.ts). The Video's proxy reports its placement every frame it changes
 * (bounds on stage, visibility, the stage layout); the element's own size and position are read here, so a resized
 * or scrolled player is followed too. Overlays take no pointer events: clicks reach the SWF underneath. What it
 * cannot do: SWF content drawn over the Video (buttons, labels) is hidden under the overlay (docs/media.md).
 */
import { stageToElement, stageTransform, type Rect, type StageLayout } from "./stageMapping.js";

/** What a Video's proxy reports, once per frame when it changed. */
export interface VideoPlacement extends StageLayout {
  /** The Video's bounds on the stage (`getBounds(stage)`). */
  readonly bounds: Rect;
  /** Whether it is on the stage and it and every ancestor are visible (and not fully transparent). */
  readonly visible: boolean;
}

/** One overlaid video. */
export class VideoOverlay {
  readonly #video: HTMLVideoElement;
  #placement: VideoPlacement | null = null;
  #player: HTMLElement | null = null;
  #frame = 0;
  #disposed = false;

  constructor(video: HTMLVideoElement) {
    this.#video = video;
    const style = video.style;
    style.position = "absolute";
    style.pointerEvents = "none";
    style.margin = "0";
    style.padding = "0";
    style.border = "0";
    style.zIndex = "2147483000";
    style.display = "none";
    video.dataset["flashmesh"] = "video-overlay";
  }

  /** The element laid over the player. */
  get element(): HTMLVideoElement {
    return this.#video;
  }

  /** Takes the proxy's latest report for the player element `player` (null: the player is gone: hidden). */
  place(player: HTMLElement | null, placement: VideoPlacement): void {
    if (this.#disposed) return;
    this.#placement = placement;
    this.#player = player;
    this.#layout();
    // Follow the element itself (resized, scrolled) between reports, once per animation frame while shown.
    if (this.#frame === 0 && typeof requestAnimationFrame === "function") this.#frame = requestAnimationFrame(() => this.#follow());
  }

  /** Removes the overlay from the page. */
  dispose(): void {
    this.#disposed = true;
    if (this.#frame !== 0) cancelAnimationFrame(this.#frame);
    this.#video.remove();
  }

  #follow(): void {
    this.#frame = 0;
    if (this.#disposed || this.#placement === null || !this.#placement.visible) return;
    this.#layout();
    this.#frame = requestAnimationFrame(() => this.#follow());
  }

  #layout(): void {
    const placement = this.#placement;
    const player = this.#player;
    const video = this.#video;
    // Nothing to show yet (a camera not allowed, a stream whose tracks have not arrived): nothing laid over the SWF.
    const empty = video.srcObject === null;
    if (empty || placement === null || player === null || !player.isConnected || !placement.visible || placement.bounds.width <= 0 || placement.bounds.height <= 0) {
      video.style.display = "none";
      return;
    }
    const box = player.getBoundingClientRect();
    const rect = stageToElement(placement.bounds, stageTransform(placement, box.width, box.height));
    // Clipped to the player's box, as the stage clips its content.
    const left = Math.max(0, rect.x);
    const top = Math.max(0, rect.y);
    const right = Math.min(box.width, rect.x + rect.width);
    const bottom = Math.min(box.height, rect.y + rect.height);
    if (right <= left || bottom <= top) {
      video.style.display = "none";
      return;
    }
    const document = player.ownerDocument;
    if (video.parentNode !== document.body) document.body.appendChild(video);
    const view = document.defaultView;
    const scrollX = view?.scrollX ?? 0;
    const scrollY = view?.scrollY ?? 0;
    // The picture keeps the Video's full rectangle; the clip hides what falls outside the player.
    const style = video.style;
    style.left = `${box.left + scrollX + rect.x}px`;
    style.top = `${box.top + scrollY + rect.y}px`;
    style.width = `${rect.width}px`;
    style.height = `${rect.height}px`;
    style.clipPath = `inset(${top - rect.y}px ${rect.x + rect.width - right}px ${rect.y + rect.height - bottom}px ${left - rect.x}px)`;
    style.display = "block";
  }
}
