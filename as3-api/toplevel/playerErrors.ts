/**
 * Flash Player's own runtime errors, with their numbers and texts as the player prints them
 * (https://airsdk.dev/reference/actionscript/3.0/runtimeErrors.html). Every builtin error flashmesh throws is made
 * here, so the `"Error #2126: …"` strings live in one table.
 */
import type { FlashError } from "./FlashError.js";

/** Texts of the runtime errors flashmesh reproduces; `%1` is replaced by the first argument. */
export const PLAYER_ERROR_TEXT = {
  2004: "One of the parameters is invalid.",
  2006: "The supplied index is out of bounds.",
  2007: "Parameter %1 must be non-null.",
  2008: "Parameter %1 must be one of the accepted values.",
  2012: "%1 class cannot be instantiated.",
  2095: "%1 was unable to invoke callback %2.",
  2126: "NetConnection object must be connected.",
} as const;

/** A runtime error number flashmesh knows the text of. */
export type PlayerErrorID = keyof typeof PLAYER_ERROR_TEXT;

type ErrorClass = new (message: string, id: number) => FlashError;

/**
 * The error Flash Player throws for `id`, like its internal `Error.throwError(Class, id, ...args)`: message
 * `"Error #<id>: <text>"`, `errorID` = id.
 */
export function playerError(kind: ErrorClass, id: PlayerErrorID, ...args: string[]): FlashError {
  const text = args.reduce<string>((message, arg, i) => message.replace(`%${i + 1}`, arg), PLAYER_ERROR_TEXT[id]);
  return new kind(`Error #${id}: ${text}`, id);
}
