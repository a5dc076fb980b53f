import { FlashError } from "./FlashError.js";

/**
 * AS3 `RangeError`: a numeric value is outside the accepted range. Exported from the package as `RangeError`, like
 * the AS3 class; inside flashmesh import it by path so JavaScript's own `RangeError` stays visible elsewhere.
 * @see https://airsdk.dev/reference/actionscript/3.0/RangeError.html
 */
export class RangeError extends FlashError {
  constructor(message = "", id = 0) {
    super(message, id);
    this.name = "RangeError";
  }
}
