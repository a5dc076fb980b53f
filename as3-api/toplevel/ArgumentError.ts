import { FlashError } from "./FlashError.js";

/**
 * AS3 `ArgumentError`: the arguments do not match what a function accepts.
 * @see https://airsdk.dev/reference/actionscript/3.0/ArgumentError.html
 */
export class ArgumentError extends FlashError {
  constructor(message = "", id = 0) {
    super(message, id);
    this.name = "ArgumentError";
  }
}
