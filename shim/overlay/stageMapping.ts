/**
 * Where a rectangle of a SWF's stage appears on the player element: Flash's scale modes and stage alignment applied
 * to the movie's own size and the element's size, as Flash Player (and Ruffle) lay the stage out. Pure arithmetic,
 * for the video overlay (VideoOverlay.ts).
 */

/** A rectangle: stage pixels in, CSS pixels of the player element's box out. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How the stage is laid out, as the SWF's Video proxy reports it. */
export interface StageLayout {
  /** `stage.scaleMode`: "showAll" (Flash's default), "noBorder", "exactFit" or "noScale" (any case). */
  readonly scaleMode: string;
  /** `stage.align`: "" (centre) or letters of T, B, L, R (any order, any case). */
  readonly align: string;
  /** The movie's own size (the SWF header's; `loaderInfo.width/height`), stage pixels. */
  readonly movieWidth: number;
  readonly movieHeight: number;
}

/** Element pixels per stage pixel and where the stage's origin sits in the element. */
export interface StageTransform {
  readonly scaleX: number;
  readonly scaleY: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

/** The transform from stage to element coordinates for an element of `elementWidth` × `elementHeight` CSS pixels. */
export function stageTransform(layout: StageLayout, elementWidth: number, elementHeight: number): StageTransform {
  const movieWidth = layout.movieWidth > 0 ? layout.movieWidth : elementWidth;
  const movieHeight = layout.movieHeight > 0 ? layout.movieHeight : elementHeight;
  const mode = layout.scaleMode.toLowerCase();
  let scaleX: number;
  let scaleY: number;
  if (mode === "exactfit") {
    scaleX = elementWidth / movieWidth;
    scaleY = elementHeight / movieHeight;
  } else if (mode === "noscale") {
    scaleX = scaleY = 1;
  } else {
    const fit = mode === "noborder" ? Math.max : Math.min;
    scaleX = scaleY = fit(elementWidth / movieWidth, elementHeight / movieHeight);
  }
  const align = layout.align.toUpperCase();
  const place = (free: number, start: boolean, end: boolean): number => (start ? 0 : end ? free : free / 2);
  return {
    scaleX,
    scaleY,
    offsetX: place(elementWidth - movieWidth * scaleX, align.includes("L"), align.includes("R")),
    offsetY: place(elementHeight - movieHeight * scaleY, align.includes("T"), align.includes("B")),
  };
}

/** `rect` (stage coordinates) in element coordinates. */
export function stageToElement(rect: Rect, transform: StageTransform): Rect {
  return {
    x: transform.offsetX + rect.x * transform.scaleX,
    y: transform.offsetY + rect.y * transform.scaleY,
    width: rect.width * transform.scaleX,
    height: rect.height * transform.scaleY,
  };
}
