/**
 * AS3's top-level `Error`, as a JavaScript error: `errorID` and `message` as Flash Player sets them, and `toString()`
 * in Flash's `"ArgumentError: Error #2126: …"` form. Named FlashError so it does not shadow JavaScript's `Error`.
 * @see https://airsdk.dev/reference/actionscript/3.0/Error.html
 */
export class FlashError extends Error {
  /** Flash Player's error number (0 for errors thrown by ActionScript code with `new Error(message)`). */
  readonly errorID: number;

  constructor(message = "", id = 0) {
    super(message);
    this.errorID = id;
    this.name = "Error";
  }

  /** `getStackTrace()` of AS3: the JavaScript stack, or `null` when the engine keeps none. */
  getStackTrace(): string | null {
    return this.stack ?? null;
  }

  override toString(): string {
    return this.message === "" ? this.name : `${this.name}: ${this.message}`;
  }
}
