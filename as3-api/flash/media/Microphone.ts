/**
 * AS3 `flash.media.Microphone` over the browser's microphones (getUserMedia). As with Camera, `getMicrophone()` asks
 * nothing; the first `NetStream.attachAudio` opens the device and the browser's permission answers Flash's privacy
 * question with `StatusEvent` `Microphone.Unmuted` or `Microphone.Muted`. The sound travels as WebRTC's Opus whatever
 * `codec` says; what each setting does here: docs/media.md.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/media/Microphone.html
 */
import { stub } from "../../stub.js";
import { ArgumentError } from "../../toplevel/ArgumentError.js";
import { playerError } from "../../toplevel/playerErrors.js";
import { ActivityEvent } from "../events/ActivityEvent.js";
import { EventDispatcher } from "../events/EventDispatcher.js";
import { StatusEvent } from "../events/StatusEvent.js";
import { meterLevel, type LevelMeter } from "./audioLevel.js";
import { Capture, setCaptureOf } from "./capture.js";
import { canCapture, devicesOf, listDevices, type CaptureDevice } from "./devices.js";
import { SoundCodec } from "./SoundCodec.js";

/** Events a Microphone dispatches. */
export interface MicrophoneEventMap {
  status: StatusEvent;
  activity: ActivityEvent;
}

/** Flash's sample rates, kHz. */
const RATES = [5, 8, 11, 16, 22, 44];
const CREATE = Symbol("create");
/** One object per device and kind (plain, enhanced), as Flash returns the same object for the same index. */
const microphones = new Map<string, Microphone>();

/** AS3 Microphone. */
export class Microphone extends EventDispatcher<MicrophoneEventMap> {
  readonly #capture: Capture;
  readonly #index: number;
  readonly #name: string;
  readonly #enhanced: boolean;
  #codec: string = SoundCodec.NELLYMOSER;
  #encodeQuality = 6;
  #framesPerPacket = 2;
  #enableVAD = true;
  #gain = 50;
  #rate = 8;
  #silenceLevel = 10;
  #silenceTimeout = 2000;
  #noiseSuppressionLevel = -30;
  #useEchoSuppression = false;
  #muted = true;
  #meter: LevelMeter | null = null;
  #active = false;
  #quietSince = 0;

  /** Not for AS3 code: use {@link Microphone.getMicrophone}. */
  constructor(token: symbol, index: number, device: CaptureDevice | null, enhanced: boolean) {
    super();
    if (token !== CREATE) throw playerError(ArgumentError, 2012, "Microphone");
    this.#index = index;
    this.#name = device?.name ?? "Microphone 1";
    this.#enhanced = enhanced;
    this.#useEchoSuppression = enhanced;
    this.#capture = new Capture("audioinput", device, {
      constraints: () => this.#constraints(),
      live: (track) => {
        this.#muted = false;
        this.#applyGain(track);
        this.#meter?.stop();
        this.#meter = meterLevel(track, (level) => this.#sampled(level));
        this.dispatchEvent(new StatusEvent(StatusEvent.STATUS, false, false, "Microphone.Unmuted", "status"));
      },
      failed: () => {
        this.#muted = true;
        this.dispatchEvent(new StatusEvent(StatusEvent.STATUS, false, false, "Microphone.Muted", "status"));
      },
    });
    setCaptureOf(this, this.#capture);
  }

  static get isSupported(): boolean {
    return canCapture();
  }

  /** The names of the microphones (empty until the browser listed them, or when there are none). */
  static get names(): string[] {
    return (devicesOf("audioinput") ?? []).map((device) => device.name);
  }

  /** The microphone at `index` (-1: the default one), or null when there is none. */
  static getMicrophone(index = -1): Microphone | null {
    return Microphone.#get(index, false);
  }

  /** The microphone at `index` with the browser's echo cancellation and noise suppression on (Flash's AEC). */
  static getEnhancedMicrophone(index = -1): Microphone | null {
    return Microphone.#get(index, true);
  }

  /** Lists the page's microphones now (flashmesh's, not AS3). */
  static refresh(): Promise<void> {
    return listDevices();
  }

  static #get(requested: number, enhanced: boolean): Microphone | null {
    if (!canCapture()) return null;
    const devices = devicesOf("audioinput");
    const index = Number(requested) < 0 || requested === undefined || requested === null ? 0 : Math.floor(Number(requested));
    if (!Number.isInteger(index)) return null;
    if (devices === null && index !== 0) return null;
    if (devices !== null && index >= devices.length) return null;
    const key = `${index}/${enhanced}`;
    let microphone = microphones.get(key);
    if (microphone === undefined) {
      microphone = new Microphone(CREATE, index, devices?.[index] ?? null, enhanced);
      microphones.set(key, microphone);
    }
    return microphone;
  }

  /** Sound level, 0–100; -1 until the microphone is live. */
  get activityLevel(): number {
    return this.#meter?.level ?? -1;
  }

  get codec(): string {
    return this.#codec;
  }

  set codec(value: string) {
    const codec = String(value);
    if (![SoundCodec.NELLYMOSER, SoundCodec.SPEEX, SoundCodec.PCMA, SoundCodec.PCMU].includes(codec)) throw playerError(ArgumentError, 2008, "codec");
    this.#codec = codec;
  }

  get enableVAD(): boolean {
    return this.#enableVAD;
  }

  set enableVAD(value: boolean) {
    this.#enableVAD = Boolean(value);
  }

  /** Speex quality, 0–10 (kept; Opus is sent). */
  get encodeQuality(): number {
    return this.#encodeQuality;
  }

  set encodeQuality(value: number) {
    this.#encodeQuality = Math.min(10, Math.max(0, Math.floor(Number(value)) || 0));
  }

  get enhancedOptions(): unknown {
    stub("flash.media.Microphone.enhancedOptions");
    return null;
  }

  set enhancedOptions(_value: unknown) {
    stub("flash.media.Microphone.enhancedOptions");
  }

  get framesPerPacket(): number {
    return this.#framesPerPacket;
  }

  set framesPerPacket(value: number) {
    this.#framesPerPacket = Math.max(1, Math.floor(Number(value)) || 2);
  }

  /** 0–100, 50 = as captured. 0 silences the microphone; other values are kept (the browser's own gain control applies). */
  get gain(): number {
    return this.#gain;
  }

  set gain(value: number) {
    this.#gain = Math.min(100, Math.max(0, Number(value) || 0));
    const track = this.#capture.track;
    if (track !== null) this.#applyGain(track);
  }

  get index(): number {
    return this.#index;
  }

  /** True until the user allowed the microphone (and again when it was denied or failed). */
  get muted(): boolean {
    return this.#muted;
  }

  get name(): string {
    return this.#name;
  }

  get noiseSuppressionLevel(): number {
    return this.#noiseSuppressionLevel;
  }

  set noiseSuppressionLevel(value: number) {
    this.#noiseSuppressionLevel = Math.min(0, Number(value) || 0);
    void this.#capture.apply(this.#constraints());
  }

  /** Capture rate, kHz (5, 8, 11, 16, 22 or 44; another value takes the nearest). */
  get rate(): number {
    return this.#rate;
  }

  set rate(value: number) {
    const wanted = Number(value) || 8;
    this.#rate = RATES.reduce((best, rate) => (Math.abs(rate - wanted) < Math.abs(best - wanted) ? rate : best), 8);
  }

  get silenceLevel(): number {
    return this.#silenceLevel;
  }

  get silenceTimeout(): number {
    return this.#silenceTimeout;
  }

  get useEchoSuppression(): boolean {
    return this.#useEchoSuppression;
  }

  get soundTransform(): unknown {
    stub("flash.media.Microphone.soundTransform");
    return null;
  }

  set soundTransform(_value: unknown) {
    stub("flash.media.Microphone.soundTransform");
  }

  /** Level (0–100) above which the microphone counts as active, and how long it stays so after, ms. */
  setSilenceLevel(silenceLevel: number, timeout = -1): void {
    this.#silenceLevel = Math.min(100, Math.max(0, Number(silenceLevel) || 0));
    if (Number(timeout) >= 0) this.#silenceTimeout = Number(timeout);
  }

  /** The browser's echo cancellation on or off (applied to the live track). */
  setUseEchoSuppression(useEchoSuppression: boolean): void {
    this.#useEchoSuppression = Boolean(useEchoSuppression);
    void this.#capture.apply(this.#constraints());
  }

  setLoopback(_state = true): void {
    stub("flash.media.Microphone.setLoopback");
  }

  override toString(): string {
    return "[object Microphone]";
  }

  #constraints(): MediaTrackConstraints {
    return {
      echoCancellation: this.#useEchoSuppression,
      noiseSuppression: this.#enhanced || this.#noiseSuppressionLevel < 0,
      autoGainControl: true,
    };
  }

  #applyGain(track: MediaStreamTrack): void {
    track.enabled = this.#gain > 0;
  }

  /** ActivityEvent when the level rises above silenceLevel, and when it stayed below for silenceTimeout. */
  #sampled(level: number): void {
    const now = performance.now();
    if (level >= this.#silenceLevel && this.#silenceLevel < 100) {
      this.#quietSince = now;
      if (!this.#active) {
        this.#active = true;
        this.dispatchEvent(new ActivityEvent(ActivityEvent.ACTIVITY, false, false, true));
      }
    } else if (this.#active && now - this.#quietSince >= this.#silenceTimeout) {
      this.#active = false;
      this.dispatchEvent(new ActivityEvent(ActivityEvent.ACTIVITY, false, false, false));
    }
  }
}
