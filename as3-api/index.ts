/**
 * flashmesh: Flash Player's peer-to-peer `flash.net` classes in TypeScript. What `import … from "flashmesh"` gives.
 * Works in browsers and in Node (no DOM needed; WebRTC sessions need a browser, the memory network runs anywhere).
 */
export { ArgumentError } from "./toplevel/ArgumentError.js";
export { FlashError } from "./toplevel/FlashError.js";
export { RangeError } from "./toplevel/RangeError.js";
export { ReferenceError } from "./toplevel/ReferenceError.js";
export { TypeError } from "./toplevel/TypeError.js";
export { IllegalOperationError } from "./flash/errors/IllegalOperationError.js";

export { ActivityEvent } from "./flash/events/ActivityEvent.js";
export { AsyncErrorEvent } from "./flash/events/AsyncErrorEvent.js";
export { Event } from "./flash/events/Event.js";
export { EventDispatcher, type EventMap, type FlashEventListener } from "./flash/events/EventDispatcher.js";
export { NetStatusEvent, type NetStatusInfo } from "./flash/events/NetStatusEvent.js";
export { StatusEvent } from "./flash/events/StatusEvent.js";
export { Camera, type CameraEventMap } from "./flash/media/Camera.js";
export { Microphone, type MicrophoneEventMap } from "./flash/media/Microphone.js";
export { SoundCodec } from "./flash/media/SoundCodec.js";
export { SoundTransform } from "./flash/media/SoundTransform.js";
export { Video } from "./flash/media/Video.js";

export { GroupSpecifier } from "./flash/net/GroupSpecifier.js";
export { NetConnection, type NetConnectionEventMap } from "./flash/net/NetConnection.js";
export { NetGroup, type NetGroupEventMap } from "./flash/net/NetGroup.js";
export { NetGroupInfo } from "./flash/net/NetGroupInfo.js";
export { NetGroupReceiveMode } from "./flash/net/NetGroupReceiveMode.js";
export { NetGroupReplicationStrategy } from "./flash/net/NetGroupReplicationStrategy.js";
export { NetGroupSendMode } from "./flash/net/NetGroupSendMode.js";
export { NetGroupSendResult } from "./flash/net/NetGroupSendResult.js";
export { NET_STATUS_LEVELS, type NetStatusCode } from "./flash/net/netStatusCodes.js";
export { NetStream, type NetStreamEventMap } from "./flash/net/NetStream.js";
export { NetStreamInfo } from "./flash/net/NetStreamInfo.js";
export { NetStreamMulticastInfo } from "./flash/net/NetStreamMulticastInfo.js";
export { Responder } from "./flash/net/Responder.js";

export { configure, flashmeshConfig, resetConfiguration, type FlashmeshConfig, type UrlRewriteRule } from "./config.js";
export { MemoryNetwork, type MemoryNetworkOptions, type PathConditions } from "./transport/memory.js";
export { realScheduler, SimulatedScheduler, type Scheduler } from "./transport/scheduler.js";
export { TRANSPORT_ERROR_STATUS, TransportError, type TransportErrorKind } from "./transport/errors.js";
export type { Session, SessionHandler, SessionOpener, SessionRequest } from "./transport/session.js";

export { decodeGroupspec, DEFAULT_GROUPSPEC_LIMITS, type GroupspecLimits } from "./wire/groupspec/decode.js";
export { encodeGroupspec } from "./wire/groupspec/encode.js";
export { GroupspecError } from "./wire/groupspec/GroupspecError.js";
export type { GroupspecOptions, IPMulticastAddress, PasswordHash } from "./wire/groupspec/options.js";
export { convertPeerIDToGroupAddress, groupIdOf, isPeerID } from "./wire/identity.js";
export { reportedStubs } from "./stub.js";
export { AmfError, AMF3_TRAITS, Amf3Bytes, Amf3Xml, amf3Typed, amf3Vector, decodeAmf3, encodeAmf3, Marker as Amf3Marker, type Amf3ObjectTraits, type Amf3VectorTraits } from "./wire/amf3.js";
export { inspectNetGroup, watchNetGroup, type MemberView, type NetGroupView, type TrafficKind } from "./inspect.js";
