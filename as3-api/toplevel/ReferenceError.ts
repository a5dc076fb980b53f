import { FlashError } from "./FlashError.js";

/**
 * AS3 `ReferenceError`: a missing property or callback, such as a NetConnection `client` without `onRelay`.
 * @see https://airsdk.dev/reference/actionscript/3.0/ReferenceError.html
 */
export class ReferenceError extends FlashError {
  constructor(message = "", id = 0) {
    super(message, id);
    this.name = "ReferenceError";
  }
}
