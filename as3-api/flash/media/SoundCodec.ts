/**
 * AS3 `flash.media.SoundCodec`: the codecs a Microphone could encode with. flashmesh sends WebRTC's Opus whatever
 * is chosen (docs/media.md); the value is kept for the SWF to read.
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/media/SoundCodec.html
 */
export class SoundCodec {
  static readonly NELLYMOSER = "NellyMoser";
  static readonly SPEEX = "Speex";
  static readonly PCMA = "pcma";
  static readonly PCMU = "pcmu";
}
