/** The video overlay's stage → element mapping: Flash's scale modes and alignments (shim/overlay/stageMapping.ts). */
import { stageToElement, stageTransform, type StageLayout } from "../../shim/overlay/stageMapping.js";

const movie = (scaleMode: string, align = ""): StageLayout => ({ scaleMode, align, movieWidth: 400, movieHeight: 300 });
const rect = { x: 100, y: 50, width: 160, height: 120 };

describe("stage → element mapping (video overlay)", () => {
  it("showAll (Flash's default) scales to fit and centres the letterbox", () => {
    // 800×300: height limits (scale 1), 200 px each side.
    expect(stageToElement(rect, stageTransform(movie("showAll"), 800, 300))).toEqual({ x: 300, y: 50, width: 160, height: 120 });
    // 800×600: scale 2, no bars.
    expect(stageToElement(rect, stageTransform(movie("showAll"), 800, 600))).toEqual({ x: 200, y: 100, width: 320, height: 240 });
    // 400×600: width limits (scale 1), 150 px above and below.
    expect(stageToElement(rect, stageTransform(movie("SHOW_ALL".replace("_", "")), 400, 600))).toEqual({ x: 100, y: 200, width: 160, height: 120 });
  });

  it("showAll with an alignment puts the bars on the other side", () => {
    expect(stageToElement(rect, stageTransform(movie("showAll", "L"), 800, 300)).x).toBe(100);
    expect(stageToElement(rect, stageTransform(movie("showAll", "R"), 800, 300)).x).toBe(500);
    expect(stageToElement(rect, stageTransform(movie("showAll", "TL"), 400, 600)).y).toBe(50);
    expect(stageToElement(rect, stageTransform(movie("showAll", "B"), 400, 600)).y).toBe(350);
  });

  it("noBorder scales to cover, cropping the overflow", () => {
    // 800×300: width decides (scale 2): 600 tall, 150 cut above and below.
    expect(stageToElement(rect, stageTransform(movie("noBorder"), 800, 300))).toEqual({ x: 200, y: -50, width: 320, height: 240 });
  });

  it("exactFit stretches each axis on its own", () => {
    expect(stageToElement(rect, stageTransform(movie("exactFit"), 800, 150))).toEqual({ x: 200, y: 25, width: 320, height: 60 });
  });

  it("noScale keeps stage pixels; the movie's area is placed by the alignment (centred by default)", () => {
    expect(stageToElement(rect, stageTransform(movie("noScale"), 600, 500))).toEqual({ x: 200, y: 150, width: 160, height: 120 });
    expect(stageToElement(rect, stageTransform(movie("noScale", "TL"), 600, 500))).toEqual({ x: 100, y: 50, width: 160, height: 120 });
    expect(stageToElement(rect, stageTransform(movie("noScale", "BR"), 600, 500))).toEqual({ x: 300, y: 250, width: 160, height: 120 });
  });

  it("an unknown movie size (0) takes the element's, so nothing scales", () => {
    expect(stageToElement(rect, stageTransform({ scaleMode: "showAll", align: "", movieWidth: 0, movieHeight: 0 }, 640, 480))).toEqual(rect);
  });
});
