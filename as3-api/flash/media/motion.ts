/**
 * Measures a camera track the way Flash reported it: `activityLevel` (motion, 0–100, from the difference between
 * successive small frames) and `currentFPS` (frames the track delivered over the last second). One hidden
 * `<video>` and a 32×24 canvas per live camera, sampled four times a second: a few kilobytes of work.
 */

const SAMPLE_WIDTH = 32;
const SAMPLE_HEIGHT = 24;
const SAMPLE_MS = 250;

/** A running measurement; `stop()` releases it. */
export interface MotionMeter {
  /** Motion, 0–100 (0 until two frames were compared). */
  readonly level: number;
  /** Frames per second delivered over the last second. */
  readonly fps: number;
  stop(): void;
}

/** Starts measuring `track` (null outside a page with a DOM). `sampled` runs after each sample. */
export function meterMotion(track: MediaStreamTrack, sampled: (level: number) => void): MotionMeter | null {
  if (typeof document === "undefined") return null;
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  void video.play().catch(() => {});
  const canvas = document.createElement("canvas");
  canvas.width = SAMPLE_WIDTH;
  canvas.height = SAMPLE_HEIGHT;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let previous: Uint8ClampedArray | null = null;
  let level = 0;
  let frames: number[] = [];
  let stopped = false;
  const countFrame = (): void => {
    if (stopped) return;
    frames.push(performance.now());
    video.requestVideoFrameCallback(countFrame);
  };
  if (typeof video.requestVideoFrameCallback === "function") video.requestVideoFrameCallback(countFrame);
  const timer = setInterval(() => {
    if (context === null || video.readyState < 2) return;
    context.drawImage(video, 0, 0, SAMPLE_WIDTH, SAMPLE_HEIGHT);
    const pixels = context.getImageData(0, 0, SAMPLE_WIDTH, SAMPLE_HEIGHT).data;
    if (previous !== null) {
      let difference = 0;
      for (let i = 0; i < pixels.length; i += 4) difference += Math.abs(pixels[i]! - previous[i]!) + Math.abs(pixels[i + 1]! - previous[i + 1]!) + Math.abs(pixels[i + 2]! - previous[i + 2]!);
      // Mean difference per channel (0–255), scaled so a quarter of the range counts as full motion.
      level = Math.min(100, Math.round((difference / ((pixels.length / 4) * 3)) * (100 / 64)));
    }
    previous = pixels;
    const now = performance.now();
    frames = frames.filter((time) => now - time <= 1000);
    sampled(level);
  }, SAMPLE_MS);
  return {
    get level() {
      return level;
    },
    get fps() {
      return frames.length;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      video.srcObject = null;
    },
  };
}
