/**
 * The Lua scripts of the cluster's shared state in Redis (server/cluster.ts), each one atomic, so nodes never see
 * half a join or half a dead node's clean-up. Every script takes the key prefix as ARGV[1] and builds its keys from
 * it (one Redis, not Redis Cluster). The keys:
 *
 * - `<p>mint-secret`, `<p>server-id`, `<p>group-salt`: what every node shares, set once by the first node.
 * - `<p>nodes` (set of node IDs); `<p>node:<id>:alive` (expires unless the node refreshes it);
 *   `<p>node:<id>:members` (`<group>:<peer>` entries) and `<p>node:<id>:peers`: what to undo when the node dies.
 * - `<p>peer:<peer ID>`: the node a client is connected to (routing, and one owner per ID across nodes).
 * - `<p>g:<group>`: sorted set of peer-to-peer members scored by ring position (52-bit integers: exact as doubles);
 *   `<p>gs:<group>`: the members without peer-to-peer.
 * - channel `<p>to:<node>`: messages for a node's clients (server/clusterBus.ts).
 */

/** ARGV: prefix, secret, serverId, groupSalt (this node's candidates). Returns the cluster's three values. */
export const SHARED_SETTINGS = `
local function shared(name, value)
  redis.call('SET', ARGV[1] .. name, value, 'NX')
  return redis.call('GET', ARGV[1] .. name)
end
return { shared('mint-secret', ARGV[2]), shared('server-id', ARGV[3]), shared('group-salt', ARGV[4]) }`;

/**
 * ARGV: prefix, node, peer, claimMs. Binds a fresh peer ID to this node for the claim window unless another node
 * holds it; returns "" or the holder's node ID.
 */
export const CLAIM_PEER = `
local key = ARGV[1] .. 'peer:' .. ARGV[3]
local owner = redis.call('GET', key)
if owner and owner ~= ARGV[2] then return owner end
redis.call('SET', key, ARGV[2], 'PX', ARGV[4])
return ''`;

/** ARGV: prefix, node, peer. The client is connected here (no expiry while it is). */
export const CONNECTED_PEER = `
redis.call('SET', ARGV[1] .. 'peer:' .. ARGV[3], ARGV[2])
redis.call('SADD', ARGV[1] .. 'node:' .. ARGV[2] .. ':peers', ARGV[3])
return 1`;

/**
 * ARGV: prefix, node, peer, graceMs ("" when the client stays), group… Removes the memberships; with a grace period,
 * the client left: its ID stays bound to this node that long (its resumption is this node's).
 */
export const LEAVE_GROUPS = `
local prefix, node, peer = ARGV[1], ARGV[2], ARGV[3]
for i = 5, #ARGV do
  redis.call('ZREM', prefix .. 'g:' .. ARGV[i], peer)
  redis.call('SREM', prefix .. 'gs:' .. ARGV[i], peer)
  redis.call('SREM', prefix .. 'node:' .. node .. ':members', ARGV[i] .. ':' .. peer)
end
if ARGV[4] ~= '' then
  local key = prefix .. 'peer:' .. peer
  if redis.call('GET', key) == node then redis.call('PEXPIRE', key, ARGV[4]) end
  redis.call('SREM', prefix .. 'node:' .. node .. ':peers', peer)
end
return 1`;

/**
 * ARGV: prefix, node, group, peer, position (decimal integer), peerToPeer ("1"/"0"), count, random… (numbers in
 * [0, 1)). Adds the member (again: a re-join replaces the earlier membership) and returns `{ members, memberCount }`
 * as server/groups.ts does: up to `count` peer-to-peer members, half the ring neighbours around the joiner's position
 * (alternately predecessor and successor), the rest at random.
 */
export const JOIN_GROUP = `
local prefix, node, group, peer, position, p2p, count = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7])
local ring, serverOnly = prefix .. 'g:' .. group, prefix .. 'gs:' .. group
redis.call('ZREM', ring, peer)
redis.call('SREM', serverOnly, peer)
redis.call('SADD', prefix .. 'node:' .. node .. ':members', group .. ':' .. peer)
local members = {}
if p2p == '1' then
  local n = redis.call('ZCARD', ring)
  if n <= count then
    members = redis.call('ZRANGE', ring, 0, -1)
  else
    local at = redis.call('ZCOUNT', ring, '-inf', '(' .. position)
    local chosen, picked = {}, {}
    local function pick(index)
      if not chosen[index] then
        chosen[index] = true
        picked[#picked + 1] = index
      end
    end
    local near, step = math.ceil(count / 2), 0
    while #picked < near do
      local offset
      if step % 2 == 0 then offset = -(step / 2) - 1 else offset = (step - 1) / 2 end
      pick((at + offset) % n)
      step = step + 1
    end
    local r = 8
    while #picked < count and r <= #ARGV do
      pick(math.floor(tonumber(ARGV[r]) * n) % n)
      r = r + 1
    end
    local i = 0
    while #picked < count do
      pick(i)
      i = i + 1
    end
    for _, index in ipairs(picked) do members[#members + 1] = redis.call('ZRANGE', ring, index, index)[1] end
  end
  redis.call('ZADD', ring, position, peer)
else
  redis.call('SADD', serverOnly, peer)
end
return { members, redis.call('ZCARD', ring) + redis.call('SCARD', serverOnly) }`;

/**
 * ARGV: prefix, graceMs, node, mode. Mode "self": undo this node's memberships and bindings (a node stopping, or
 * about to state them again after losing Redis). Mode "sweep": do that for every registered node whose `alive` key
 * expired, and forget it; returns their IDs.
 */
export const FORGET_NODES = `
local prefix, grace = ARGV[1], ARGV[2]
local function forget(node)
  local membersKey, peersKey = prefix .. 'node:' .. node .. ':members', prefix .. 'node:' .. node .. ':peers'
  for _, entry in ipairs(redis.call('SMEMBERS', membersKey)) do
    local group, peer = string.match(entry, '^(%x+):(%x+)$')
    if group then
      redis.call('ZREM', prefix .. 'g:' .. group, peer)
      redis.call('SREM', prefix .. 'gs:' .. group, peer)
    end
  end
  for _, peer in ipairs(redis.call('SMEMBERS', peersKey)) do
    local key = prefix .. 'peer:' .. peer
    if redis.call('GET', key) == node then redis.call('PEXPIRE', key, grace) end
  end
  redis.call('DEL', membersKey, peersKey)
end
if ARGV[4] == 'self' then
  forget(ARGV[3])
  return {}
end
local dead = {}
for _, node in ipairs(redis.call('SMEMBERS', prefix .. 'nodes')) do
  if redis.call('EXISTS', prefix .. 'node:' .. node .. ':alive') == 0 then
    forget(node)
    redis.call('SREM', prefix .. 'nodes', node)
    dead[#dead + 1] = node
  end
end
return dead`;

/** ARGV: prefix, node, ttlMs. Refreshes this node's `alive` key; returns 1 when the node was not registered (new, or declared dead). */
export const HEARTBEAT = `
redis.call('SET', ARGV[1] .. 'node:' .. ARGV[2] .. ':alive', '1', 'PX', ARGV[3])
return redis.call('SADD', ARGV[1] .. 'nodes', ARGV[2])`;

/** ARGV: prefix, node. A node stopping: no longer registered. */
export const DEREGISTER = `
redis.call('DEL', ARGV[1] .. 'node:' .. ARGV[2] .. ':alive')
redis.call('SREM', ARGV[1] .. 'nodes', ARGV[2])
return 1`;

/**
 * ARGV: prefix, peer, message. Publishes `message` on the channel of the node the client `peer` is connected to;
 * returns how many nodes received it (0: that node is gone), or -1 when no node holds the client.
 */
export const ROUTE = `
local node = redis.call('GET', ARGV[1] .. 'peer:' .. ARGV[2])
if not node then return -1 end
return redis.call('PUBLISH', ARGV[1] .. 'to:' .. node, ARGV[3])`;
