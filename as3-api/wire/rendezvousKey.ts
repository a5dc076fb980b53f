/**
 * A group's rendezvous key: what `FM-JOIN` names a group by. A group ID is SHA-256 of the groupspec's identity
 * (`groupIdOf`), cheap enough that a server could confirm guessed group names and passwords offline by the million;
 * the rendezvous key stretches it with PBKDF2-HMAC-SHA-256 ({@link RENDEZVOUS_KEY_ITERATIONS} iterations) under the
 * server's salt, so each guess costs that much, per server, and no table of guesses carries over from one server to
 * another. The groupspec itself (and so Flash compatibility) is untouched: only the server-facing name changes.
 */
import { RENDEZVOUS_KEY_ITERATIONS } from "./rendezvous.js";
import { pbkdf2Sha256 } from "./sha256.js";

const HEX64 = /^[0-9a-f]{64}$/;

/** The rendezvous key (64 lowercase hex digits) of `groupId` under `groupSalt` (both 64 lowercase hex digits). */
export async function rendezvousKeyOf(groupId: string, groupSalt: string, iterations: number = RENDEZVOUS_KEY_ITERATIONS): Promise<string> {
  if (!HEX64.test(groupId)) throw new RangeError("a group ID is 64 lowercase hex digits");
  if (!HEX64.test(groupSalt)) throw new RangeError("a group salt is 64 lowercase hex digits");
  const key = await pbkdf2Sha256(new TextEncoder().encode(groupId), hexBytes(groupSalt), iterations);
  return Array.from(key, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
