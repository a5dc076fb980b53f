/**
 * The transport layer's entry: sessions (links, rendezvous, optional server channel), their one error type and its
 * table of NetStatus codes, schedulers, and the sessions flashmesh opens (PeerJS/WebRTC, serverless LAN, memory).
 */
export { asTransportError, TRANSPORT_ERROR_STATUS, TransportError, type TransportErrorKind, type TransportErrorStatus } from "./errors.js";
export type { Rendezvous, RendezvousResult } from "./groupRendezvous.js";
export type { Link, LinkHandler, Links } from "./links.js";
export { openLanSession } from "./lan.js";
export { realScheduler, SimulatedScheduler, type Scheduler, type Timer } from "./scheduler.js";
export type { ServerChannel } from "./serverChannel.js";
export type { Session, SessionHandler, SessionOpener, SessionRequest } from "./session.js";
