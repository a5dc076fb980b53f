/**
 * The ICE servers `flashmesh serve` hands each client in FM-WELCOME: its STUN URLs as they are, its TURN URLs with a
 * credential for that client in coturn's shared-secret REST scheme (`use-auth-secret` / `static-auth-secret`):
 * username `<expiry unix seconds>:<peer ID>`, credential base64(HMAC-SHA1(secret, username)). coturn checks the
 * HMAC and the expiry itself, so the server and coturn share nothing but the secret.
 */
import { createHmac } from "node:crypto";
import type { IceServer } from "../as3-api/wire/rendezvous.js";
import type { ServerOptions } from "./options.js";

/** A TURN username and credential valid until `expiresAt` (unix seconds). */
export function turnCredential(secret: string, peerId: string, expiresAt: number): { username: string; credential: string } {
  const username = `${expiresAt}:${peerId}`;
  return { username, credential: createHmac("sha1", secret).update(username).digest("base64") };
}

/** The ICE servers for the client `peerId` at `now` (ms); empty when the server was given none. */
export function iceServersFor(options: Pick<ServerOptions, "stun" | "turn" | "turnSecret" | "turnTtlSeconds">, peerId: string, now = Date.now()): IceServer[] {
  const servers: IceServer[] = [];
  if (options.stun.length > 0) servers.push({ urls: [...options.stun] });
  if (options.turn.length > 0) {
    const expiresAt = Math.floor(now / 1000) + options.turnTtlSeconds;
    servers.push(options.turnSecret === null ? { urls: [...options.turn] } : { urls: [...options.turn], ...turnCredential(options.turnSecret, peerId, expiresAt) });
  }
  return servers;
}

/** Start-up warnings for ICE settings that cannot work as given (the server still starts). */
export function iceWarnings(options: Pick<ServerOptions, "turn" | "turnSecret">): string[] {
  const warnings: string[] = [];
  if (options.turn.length > 0 && options.turnSecret === null) warnings.push("--turn without --turn-secret: clients get TURN URLs with no credential, and a TURN server with authentication will refuse them");
  if (options.turnSecret !== null && options.turn.length === 0) warnings.push("--turn-secret without --turn: no TURN server is handed to clients");
  return warnings;
}
