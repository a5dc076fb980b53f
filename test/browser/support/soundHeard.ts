/**
 * Waits until a track carries sound above silence. Chromium's fake microphone beeps for 20 ms every 500 ms and is
 * silent in between (media/audio/fake_audio_input_stream.cc), so a short look can land between beeps every time:
 * Microphone.activityLevel's meter (audioLevel.ts) reads 1,024 samples, about 21 ms, four times a second, and when its
 * timer keeps in step with the beeps it reads 0 for many seconds although sound flows. This looks at the last
 * 32,768 samples (about 0.7 s at 48 kHz, longer than the beep interval) ten times a second, so a flowing beep is
 * always in view.
 */
import { until } from "../../support/until.js";

/** Resolves once `track` carries a sample louder than -60 dBFS; fails after `timeoutMs`, naming `what`. */
export async function soundHeard(track: MediaStreamTrack, timeoutMs: number, what: string): Promise<void> {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 32_768;
  source.connect(analyser);
  await context.resume().catch(() => {});
  const samples = new Float32Array(analyser.fftSize);
  let loudest = 0;
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    for (const sample of samples) loudest = Math.max(loudest, Math.abs(sample));
  }, 100);
  try {
    await until(() => loudest > 0.001, timeoutMs, `${what} (loudest sample ${loudest}, audio context ${context.state})`);
  } finally {
    clearInterval(timer);
    source.disconnect();
    await context.close().catch(() => {});
  }
}
