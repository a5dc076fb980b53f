/**
 * Measures a microphone track's level the way Flash's `Microphone.activityLevel` reported it (0–100): the RMS of
 * the last 1,024 samples on a logarithmic scale (-60 dBFS → 0, 0 dBFS → 100), four times a second, through one
 * AnalyserNode. Needs an AudioContext that runs (a page whose autoplay policy allows it, or after a user gesture);
 * while it is suspended the level reads 0.
 */

/** A running measurement; `stop()` releases it. */
export interface LevelMeter {
  readonly level: number;
  stop(): void;
}

/** Starts measuring `track` (null where the page has no Web Audio). `sampled` runs after each sample. */
export function meterLevel(track: MediaStreamTrack, sampled: (level: number) => void): LevelMeter | null {
  if (typeof AudioContext === "undefined") return null;
  let context: AudioContext;
  try {
    context = new AudioContext();
  } catch {
    return null;
  }
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let level = 0;
  void context.resume().catch(() => {});
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const rms = Math.sqrt(sum / samples.length);
    const decibels = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
    level = Math.round(Math.min(100, Math.max(0, ((decibels + 60) / 60) * 100)));
    sampled(level);
  }, 250);
  return {
    get level() {
      return level;
    },
    stop() {
      clearInterval(timer);
      source.disconnect();
      void context.close().catch(() => {});
    },
  };
}
