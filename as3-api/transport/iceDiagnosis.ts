/**
 * Why a WebRTC connection found no path, in a sentence for a NetStatus description: no TURN server configured, the
 * TURN server refused (its error code), or every candidate pair timed out even through TURN. Read from the ICE
 * agent itself: the `icecandidateerror` events of the connection and its local candidates (a relay candidate means
 * TURN allocated an address for this peer).
 */

/** `TransportError.detail` of a `link-failed` error whose message comes from {@link describeIceFailure}. */
export const ICE_FAILURE = "ice";

/** Collects the `icecandidateerror` events of `pc` as text ("turn:host:3478 401 Unauthorized"), from now on. */
export function watchIceErrors(pc: RTCPeerConnection | null | undefined): string[] {
  const errors: string[] = [];
  pc?.addEventListener("icecandidateerror", (event) => {
    const error = event as RTCPeerConnectionIceErrorEvent;
    if (errors.length < 8) errors.push(`${error.url} answered ${error.errorCode}${error.errorText === "" ? "" : ` ${error.errorText}`}`);
  });
  return errors;
}

const isTurn = (url: string): boolean => /^turns?:/i.test(url);

/** Whether `pc` gathered a relay (TURN) candidate of its own. */
async function hasRelayCandidate(pc: RTCPeerConnection): Promise<boolean> {
  try {
    for (const report of (await pc.getStats()).values()) {
      if ((report as { type: string }).type === "local-candidate" && (report as { candidateType?: string }).candidateType === "relay") return true;
    }
  } catch {
    // A closed connection has no stats: say what the configuration allows.
  }
  return false;
}

/**
 * The reason a connection attempt failed. `timedOutAfterMs` is the bound that expired, or null when ICE itself
 * reported failure.
 */
export async function describeIceFailure(pc: RTCPeerConnection | null, iceServers: readonly RTCIceServer[], errors: readonly string[], timedOutAfterMs: number | null): Promise<string> {
  const turnUrls = iceServers.flatMap((server) => (typeof server.urls === "string" ? [server.urls] : [...server.urls])).filter(isTurn);
  const ended = timedOutAfterMs === null ? "ICE failed" : `timed out after ${Math.round(timedOutAfterMs / 1000)} s`;
  if (turnUrls.length === 0) return `${ended}: no direct path, and no TURN server is configured (peers on different networks or behind NATs need one: flashmesh serve --turn)`;
  const relayed = pc !== null && (await hasRelayCandidate(pc));
  const turnErrors = errors.filter((error) => isTurn(error));
  if (!relayed && turnErrors.length > 0) return `${ended}: TURN refused: ${turnErrors.join("; ")}`;
  if (!relayed) return `${ended}: the TURN server gave no relay address (unreachable from here?)`;
  return `${ended}: no candidate pair worked, even through TURN`;
}
