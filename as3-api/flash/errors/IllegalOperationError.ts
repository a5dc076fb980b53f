import { FlashError } from "../../toplevel/FlashError.js";

/**
 * AS3 `flash.errors.IllegalOperationError`: a method was called in a state that does not allow it. flashmesh
 * throws it from NetGroup methods called before `NetGroup.Connect.Success` or after `close()` (the reference says
 * only "an exception is thrown"; the class is flashmesh's choice, see docs/flash-net.md).
 * @see https://airsdk.dev/reference/actionscript/3.0/flash/errors/IllegalOperationError.html
 */
export class IllegalOperationError extends FlashError {
  constructor(message = "", id = 0) {
    super(message, id);
    this.name = "IllegalOperationError";
  }
}
