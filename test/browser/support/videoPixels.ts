/**
 * Reading a few pixels of what a `<video>` shows, for the media specs: whether a picture moves and is more than black.
 */

/** A few pixels of what `video` shows now (a 16×12 copy). */
export function sample(video: HTMLVideoElement): Uint8ClampedArray {
  const canvas = document.createElement("canvas");
  canvas.width = 16;
  canvas.height = 12;
  const context = canvas.getContext("2d", { willReadFrequently: true })!;
  context.drawImage(video, 0, 0, 16, 12);
  return context.getImageData(0, 0, 16, 12).data;
}

/** Whether two samples differ in any pixel. */
export const differs = (a: Uint8ClampedArray, b: Uint8ClampedArray): boolean => a.some((value, i) => value !== b[i]);
/** Mean brightness of a sample, 0–255. */
export const brightness = (pixels: Uint8ClampedArray): number => {
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 4) sum += (pixels[i]! + pixels[i + 1]! + pixels[i + 2]!) / 3;
  return sum / (pixels.length / 4);
};
