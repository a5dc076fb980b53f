/**
 * `flash.media.Video` on the bridge, for SWFs flashmesh rewrites anyway (`follows`): the page's Video shows a camera
 * or a P2P NetStream in an HTML `<video>` laid over the player where the SWF's Video is (shim/overlay), moved by the
 * proxy's `place` reports (not AS3). Any other NetStream stays the player's own Video's.
 */
import { Video } from "../../../as3-api/flash/media/Video.js";
import { VideoOverlay } from "../../overlay/VideoOverlay.js";
import { bridgeClass } from "../BridgeClass.js";

const overlays = new WeakMap<Video, VideoOverlay>();

export const videoClass = bridgeClass({
  name: "Video",
  package: "flash.media",
  type: Video,
  follows: true,
  construct: (_context, [width, height]) => new Video(Number(width ?? 320), Number(height ?? 240)),
  wire: (context, video) => {
    const element = video.element;
    if (element === null) return;
    const overlay = new VideoOverlay(element);
    overlays.set(video, overlay);
    context.onDispose(() => {
      video.attachCamera(null);
      overlay.dispose();
    });
  },
  getters: ["videoWidth", "videoHeight", "smoothing"],
  setters: ["smoothing"],
  methods: ["attachCamera", "attachNetStream", "clear", "place"],
  special: {
    /**
     * The proxy's report: `[shown, x, y, width, height, scaleMode, align, movieWidth, movieHeight]` (bounds on the
     * stage), each frame it changed. Moves the overlay there.
     */
    place: (context, video, [shown, x, y, width, height, scaleMode, align, movieWidth, movieHeight]) => {
      const number = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : 0);
      overlays.get(video)?.place(context.element(), {
        visible: shown === true,
        bounds: { x: number(x), y: number(y), width: number(width), height: number(height) },
        scaleMode: typeof scaleMode === "string" ? scaleMode : "showAll",
        align: typeof align === "string" ? align : "",
        movieWidth: number(movieWidth),
        movieHeight: number(movieHeight),
      });
      return null;
    },
  },
});
