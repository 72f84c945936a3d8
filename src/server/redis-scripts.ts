/**
 * The Lua scripts the cluster runs inside Redis: each is one atomic step, so two servers can
 * never both win a nickname or both clean up after the same lost server.
 *
 * Keys (PREFIX = `tcpchat:`): `nodes` (hash: server → started at), `alive:NODE` (expires unless
 * its server beats), `members:NODE` (hash: member id → presence record), `nicks` (hash:
 * nickname key → `NODE/ID`), `room:KEY` (stream of the room's lines), `inbox:NODE` (stream of
 * private messages for that server), `lost:NODE` (set when the others gave that server up),
 * `guests` (counter).
 */

/** KEYS: nicks. ARGV: nick key, owner. 1 if `owner` holds the nick now, 0 if someone else does. */
export const CLAIM_NICK = `
local holder = redis.call('HGET', KEYS[1], ARGV[1])
if holder and holder ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

/** KEYS: nicks. ARGV: nick key, owner. Deletes the claim only if `owner` still holds it. */
export const RELEASE_NICK = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`;

/**
 * KEYS: nodes, alive:ME, lost:ME. ARGV: me, started at, time to live (ms). Registers this
 * server and beats. 1: it was registered already; 2: the others had given it up (they were
 * told its members quit); 0: Redis did not know it (it is new, or Redis lost its data).
 */
export const REGISTER = `
local known = redis.call('HEXISTS', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
if known == 0 and redis.call('DEL', KEYS[3]) == 1 then return 2 end
return known
`;

/**
 * KEYS: nodes, nicks. ARGV: prefix, me, stream bound, stream lifetime (ms), reason, and a server
 * to drop ('' for every server whose beat has stopped). Each dropped server's members leave:
 * their nicknames are released and their rooms get `*** NICK quit (REASON)`, skipped by the
 * dropped server itself. Returns the dropped servers with their member counts.
 */
export const DROP_NODES = `
local prefix, me, bound, ttl, reason, only = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local dropped = {}
local nodes = redis.call('HKEYS', KEYS[1])
for _, node in ipairs(nodes) do
  local gone
  if only ~= '' then gone = node == only
  else gone = node ~= me and redis.call('EXISTS', prefix .. 'alive:' .. node) == 0 end
  if gone then
    redis.call('HDEL', KEYS[1], node)
    local members = redis.call('HGETALL', prefix .. 'members:' .. node)
    for i = 1, #members, 2 do
      local ok, p = pcall(cjson.decode, members[i + 1])
      if ok and type(p) == 'table' then
        if redis.call('HGET', KEYS[2], p.k) == node .. '/' .. members[i] then
          redis.call('HDEL', KEYS[2], p.k)
        end
        if p.rk ~= '' then
          local room = prefix .. 'room:' .. p.rk
          redis.call('XADD', room, 'MAXLEN', '~', bound, '*', 'n', me, 'z', node,
            't', '*** ' .. p.n .. ' quit (' .. reason .. ')\\n')
          redis.call('PEXPIRE', room, ttl)
        end
      end
    end
    redis.call('DEL', prefix .. 'members:' .. node, prefix .. 'inbox:' .. node, prefix .. 'alive:' .. node)
    -- Should it come back (it was cut off, not dead), it will know the others were told.
    if only == '' then redis.call('SET', prefix .. 'lost:' .. node, '1', 'PX', ttl) end
    table.insert(dropped, node)
    table.insert(dropped, #members / 2)
  end
end
return dropped
`;
