/** `flash.media.Microphone` on the bridge (Ruffle has none): the page's Microphone over the browser's microphones. */
import { Microphone } from "../../../as3-api/flash/media/Microphone.js";
import { bridgeClass } from "../BridgeClass.js";
import { deviceHandle } from "./devices.js";

const SETTABLE = ["codec", "enableVAD", "encodeQuality", "framesPerPacket", "gain", "noiseSuppressionLevel", "rate"];

export const microphoneClass = bridgeClass({
  name: "Microphone",
  package: "flash.media",
  type: Microphone,
  renames: { attachAudio: "__fmAttachAudio" },
  statics: {
    getMicrophone: (context, [index]) => deviceHandle(context, Microphone.getMicrophone(Number(index ?? -1))),
    getEnhancedMicrophone: (context, [index]) => deviceHandle(context, Microphone.getEnhancedMicrophone(Number(index ?? -1))),
    isSupported: () => Microphone.isSupported,
    names: () => Microphone.names,
  },
  getters: ["activityLevel", "index", "muted", "name", "silenceLevel", "silenceTimeout", "useEchoSuppression", ...SETTABLE],
  setters: SETTABLE,
  methods: ["setSilenceLevel", "setUseEchoSuppression"],
});
