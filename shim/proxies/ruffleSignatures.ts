/**
 * Ruffle 0.6 declares some members of its player classes with other types than Flash Player's playerglobal, which
 * Haxe's externs (and so the proxies' overrides) follow: its `flash.net.NetStream` leaves most setters and several
 * methods untyped (`*`, not `void`) and types `client` as Object. AVM2 refuses an override whose signature differs
 * (VerifyError #1053, and then no injected class loads at all), so packing rewrites those overrides' signatures to
 * Ruffle's. The table is Ruffle's `core/src/avm2/globals/flash/net/NetStream.as` as bundled; the end-to-end fixtures
 * fail at once if a Ruffle update changes it.
 */
import { stringAt, type AbcFile } from "../swf/abc.js";
import { internQName } from "../swf/redirect.js";

/** `"*"` (any), a top-level class name, or a proxy class (`flashmesh::NetStream`). */
type TypeName = "*" | "Object" | "Boolean" | "flashmesh::NetStream";

interface Signature {
  readonly returns?: TypeName;
  /** Parameter types, in order (only when they differ). */
  readonly params?: readonly TypeName[];
  /**
   * Flash Player's member that Ruffle's class lacks: Haxe's extern has it, so the proxy declares it `override`, which
   * Ruffle would refuse (nothing to override). Packing makes it a new member.
   */
  readonly notInRuffle?: true;
}

const UNTYPED: Signature = { returns: "*" };

/** Per proxy class, `"get x"`, `"set x"` or a method name → Ruffle's signature. */
const RUFFLE_SIGNATURES: Readonly<Record<string, Readonly<Record<string, Signature>>>> = {
  "flashmesh::NetStream": {
    "get client": { returns: "Object" },
    "set client": { returns: "*", params: ["Object"] },
    ...Object.fromEntries(
      ["audioReliable", "audioSampleAccess", "backBufferTime", "bufferTime", "bufferTimeMax", "checkPolicyFile", "dataReliable", "inBufferSeek", "maxPauseBufferTime",
        "multicastAvailabilitySendToAll", "multicastAvailabilityUpdatePeriod", "multicastFetchPeriod", "multicastPushNeighborLimit", "multicastRelayMarginDuration",
        "multicastWindowDuration", "soundTransform", "useHardwareDecoder", "useJitterBuffer", "videoReliable", "videoSampleAccess", "videoStreamSettings"].map((name) => [`set ${name}`, UNTYPED]),
    ),
    ...Object.fromEntries(["appendBytes", "appendBytesAction", "attach", "attachAudio", "attachCamera", "close", "dispose", "pause", "play", "play2", "publish",
      "receiveAudio", "receiveVideo", "receiveVideoFPS", "resume", "seek", "send", "step", "togglePause"].map((name) => [name, UNTYPED])),
    // Flash's onPeerConnect(subscriber:NetStream):Boolean; in a rewritten SWF its NetStream is this proxy, so an
    // override there matches only if the parameter is the proxy.
    onPeerConnect: { returns: "Boolean", params: ["flashmesh::NetStream"], notInRuffle: true },
  },
};

const TRAIT_METHOD = 1;
const TRAIT_GETTER = 2;
const TRAIT_SETTER = 3;
/** The trait attribute bit (upper nibble of the kind byte) that marks an override. */
const ATTR_OVERRIDE = 0x20;

/** Rewrites, in place, the signatures of the overrides listed above; returns how many methods changed. */
export function matchRuffleSignatures(abc: AbcFile): number {
  const pool = abc.pool;
  const typeIndex = (type: TypeName): number => {
    if (type === "*") return 0;
    const [pkg, name] = type.includes("::") ? type.split("::") : ["", type];
    return internQName(abc, pkg!, name!);
  };
  let changed = 0;
  for (const instance of abc.instances) {
    const name = pool.multinames[instance.name - 1];
    if (name === undefined || !("ns" in name) || !("name" in name)) continue;
    const ns = pool.namespaces[name.ns - 1];
    const qualified = `${ns === undefined ? "" : stringAt(pool, ns.name)}::${stringAt(pool, name.name)}`;
    const table = RUFFLE_SIGNATURES[qualified];
    if (table === undefined) continue;
    for (const trait of instance.traits) {
      const kind = trait.kindByte & 0x0f;
      if (kind !== TRAIT_METHOD && kind !== TRAIT_GETTER && kind !== TRAIT_SETTER) continue;
      const traitName = pool.multinames[trait.name - 1];
      if (traitName === undefined || !("name" in traitName)) continue;
      const member = stringAt(pool, traitName.name);
      const key = kind === TRAIT_GETTER ? `get ${member}` : kind === TRAIT_SETTER ? `set ${member}` : member;
      const signature = Object.hasOwn(table, key) ? table[key] : undefined;
      if (signature === undefined) continue;
      if (signature.notInRuffle === true) trait.kindByte &= ~ATTR_OVERRIDE;
      const method = abc.methods[trait.data[1]!]!;
      if (signature.returns !== undefined) method.returnType = typeIndex(signature.returns);
      signature.params?.forEach((type, i) => {
        method.paramTypes[i] = typeIndex(type);
      });
      changed++;
    }
  }
  return changed;
}
