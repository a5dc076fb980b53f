/**
 * `flash.media.Camera` on the bridge (Ruffle has none): the page's Camera over the browser's cameras; the proxy gets
 * the device's handle from `getCamera`. The player's `attachCamera` methods take only its own final Camera, so a
 * rewritten SWF's calls go to the proxies' `__fmAttachCamera` (docs/media.md).
 */
import { Camera } from "../../../as3-api/flash/media/Camera.js";
import { bridgeClass } from "../BridgeClass.js";
import { deviceHandle } from "./devices.js";

export const cameraClass = bridgeClass({
  name: "Camera",
  package: "flash.media",
  type: Camera,
  renames: { attachCamera: "__fmAttachCamera" },
  statics: {
    getCamera: (context, [name]) => deviceHandle(context, Camera.getCamera(name === null || name === undefined ? null : String(name))),
    isSupported: () => Camera.isSupported,
    names: () => Camera.names,
  },
  getters: ["activityLevel", "bandwidth", "currentFPS", "fps", "height", "index", "keyFrameInterval", "loopback", "motionLevel", "motionTimeout", "muted", "name", "position", "quality", "width"],
  methods: ["setKeyFrameInterval", "setLoopback", "setMode", "setMotionLevel", "setQuality"],
});
