import { FlashError } from "./FlashError.js";

/**
 * AS3 `TypeError`, thrown by Flash Player for null arguments it cannot use (error #2007).
 * @see https://airsdk.dev/reference/actionscript/3.0/TypeError.html
 */
export class TypeError extends FlashError {
  constructor(message = "", id = 0) {
    super(message, id);
    this.name = "TypeError";
  }
}
