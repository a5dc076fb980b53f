/**
 * AS3 `flash.media.SoundTransform`: volume and panning. A playing NetStream's sound honours `volume` (0–1); panning
 * is kept for the SWF to read (the page's audio element has no pan; docs/media.md).
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/media/SoundTransform.html
 */
export class SoundTransform {
  leftToLeft = 1;
  leftToRight = 0;
  rightToLeft = 0;
  rightToRight = 1;

  constructor(
    public volume = 1,
    public pan = 0,
  ) {}

  toString(): string {
    return "[object SoundTransform]";
  }
}
