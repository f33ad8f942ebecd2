-- Inspects a batch of keys in one call, read-only. Two modes:
--   KEYS given: inspects them.
--   no KEYS:    runs SCAN ARGV[7] COUNT ARGV[8] itself and inspects the keys it returns.
-- Reply: { server microseconds (TIME at both ends), next cursor ('' in the KEYS mode), records }, where
-- records is one binary string, big-endian, one record per key (InspectionScript.java decodes it):
--   u32 key length, key bytes, u8 present (0: the key is gone, 2: outside the user's ACL key pattern; nothing
--   follows either),
--   u8 + type, u8 + encoding, f64 memory usage, f64 pttl, f64 length (-1: none),
--   u8 extra kind: 0 none; 1 u32 + the first ARGV[2] bytes of a raw string (the first ARGV[5] bytes of one
--     of at least ARGV[6] bytes: a sample of its compressibility);
--   2 u32 count, then u32 + bytes per member: ARGV[4] members of a hashtable set of at most ARGV[3].
-- ARGV[1]: MEMORY USAGE SAMPLES, or 'none' where MEMORY USAGE is not permitted (memory usage -3: unknown). One string instead of seven reply values per key costs Redis slightly
-- less to write and the client far less to decode. The server microseconds let the client's throttle
-- count what the call cost Redis rather than the round trip.
--
-- Every redis.call costs Redis about a microsecond whatever the command, so the script sends as few
-- as it can: the encoding first, TYPE only where the encoding does not say the type.
local call = redis.call
local pack = struct.pack
local t0 = call('TIME')
local samples = ARGV[1]
local head = tonumber(ARGV[2]) - 1
local probeMax = tonumber(ARGV[3])
local probeMembers = tonumber(ARGV[4])
local sample = tonumber(ARGV[5]) - 1
local sampleFrom = tonumber(ARGV[6])
-- raw is not here: a module's value also reports raw (its STRLEN fails, then TYPE names the module type)
local typeOf = { int = 'string', embstr = 'string', intset = 'set', skiplist = 'zset',
  quicklist = 'list', linkedlist = 'list', stream = 'stream' }
local lengthOf = { hash = 'HLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', stream = 'XLEN', string = 'STRLEN' }
local keys = KEYS
local cursor = ''
if #KEYS == 0 and ARGV[7] ~= nil then
  local page = call('SCAN', ARGV[7], 'COUNT', ARGV[8])
  cursor = page[1]
  keys = page[2]
end
local out = {}
for i = 1, #keys do
  local k = keys[i]
  -- ACLs check each call's keys on its own: a key outside the user's key pattern is reported, not inspected
  -- (the SCAN mode; in the KEYS mode Redis refuses the whole call). Any other refusal is raised as call does.
  local enc = redis.pcall('OBJECT', 'ENCODING', k)
  if type(enc) == 'table' then
    if not (string.find(enc.err, 'one of the keys', 1, true) or string.find(enc.err, 'access a key', 1, true)) then
      call('OBJECT', 'ENCODING', k)
    end
    out[i] = pack('>I4c0B', #k, k, 2)
  elseif not enc then
    out[i] = pack('>I4c0B', #k, k, 0)
  else
    local t = typeOf[enc]
    local len = -1
    local extra = ''
    if enc == 'raw' then
      len = redis.pcall('STRLEN', k)
      if type(len) == 'number' then t = 'string' else len = -1 end
    end
    if not t then t = call('TYPE', k).ok end
    local lengthCommand = lengthOf[t]
    if lengthCommand and len == -1 then len = call(lengthCommand, k) end
    if t == 'string' and enc == 'raw' then
      local bytes = call('GETRANGE', k, 0, len >= sampleFrom and sample or head)
      extra = pack('>BI4c0', 1, #bytes, bytes)
    elseif t == 'set' and enc == 'hashtable' and len <= probeMax then
      local members = call('SRANDMEMBER', k, probeMembers)
      local parts = { pack('>BI4', 2, #members) }
      for j = 1, #members do parts[j + 1] = pack('>I4c0', #members[j], members[j]) end
      extra = table.concat(parts)
    else
      extra = '\0'
    end
    local mem = -3
    if samples ~= 'none' then mem = call('MEMORY', 'USAGE', k, 'SAMPLES', samples) or -1 end
    local ttl = call('PTTL', k)
    out[i] = pack('>I4c0BBc0Bc0ddd', #k, k, 1, #t, t, #enc, enc, mem, ttl, len) .. extra
  end
end
local t1 = call('TIME')
return { (tonumber(t1[1]) - tonumber(t0[1])) * 1000000 + tonumber(t1[2]) - tonumber(t0[2]), cursor,
  table.concat(out) }
