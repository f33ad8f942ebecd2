-- Inspects a batch of keys in one call, read-only. Two modes:
--   KEYS given: inspects them; reply = { server microseconds, then six values per key }.
--   no KEYS:    runs SCAN ARGV[5] COUNT ARGV[6] itself and inspects what it returns;
--               reply = { server microseconds, next cursor, then seven values per key: the key first }.
-- The six values: type, encoding, memory usage, pttl, length, extra, where extra is the first
-- ARGV[2] bytes of a raw string, ARGV[4] members of a small hashtable set, or false. A key that is
-- gone reports type "none". ARGV[1]: MEMORY USAGE SAMPLES; ARGV[3]: largest hashtable set worth
-- probing for integer members. The server microseconds (TIME at both ends) let the client's throttle
-- count what the call cost Redis rather than the round trip.
--
-- Every redis.call costs Redis about a microsecond whatever the command, so the script sends as few
-- as it can: the encoding first, TYPE only where the encoding does not say the type.
local call = redis.call
local t0 = call('TIME')
local samples = ARGV[1]
local head = tonumber(ARGV[2]) - 1
local probeMax = tonumber(ARGV[3])
local probeMembers = tonumber(ARGV[4])
-- raw is not here: a module's value also reports raw (its STRLEN fails, then TYPE names the module type)
local typeOf = { int = 'string', embstr = 'string', intset = 'set', skiplist = 'zset',
  quicklist = 'list', linkedlist = 'list', stream = 'stream' }
local lengthOf = { hash = 'HLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', stream = 'XLEN', string = 'STRLEN' }
local keys = KEYS
local out = { 0 }
local n = 1
local withKeys = #KEYS == 0 and ARGV[5] ~= nil
if withKeys then
  local page = call('SCAN', ARGV[5], 'COUNT', ARGV[6])
  keys = page[2]
  out[2] = page[1]
  n = 2
end
for i = 1, #keys do
  local k = keys[i]
  if withKeys then
    n = n + 1
    out[n] = k
  end
  local enc = call('OBJECT', 'ENCODING', k)
  if not enc then
    out[n + 1] = 'none'; out[n + 2] = false; out[n + 3] = false
    out[n + 4] = false; out[n + 5] = false; out[n + 6] = false
  else
    local t = typeOf[enc]
    local len = -1
    local extra = false
    if enc == 'raw' then
      len = redis.pcall('STRLEN', k)
      if type(len) == 'number' then t = 'string' else len = -1 end
    end
    if not t then t = call('TYPE', k).ok end
    local lengthCommand = lengthOf[t]
    if lengthCommand and len == -1 then len = call(lengthCommand, k) end
    if t == 'string' then
      if enc == 'raw' then extra = call('GETRANGE', k, 0, head) end
    elseif t == 'set' and enc == 'hashtable' and len <= probeMax then
      extra = call('SRANDMEMBER', k, probeMembers)
    end
    out[n + 1] = t; out[n + 2] = enc
    out[n + 3] = call('MEMORY', 'USAGE', k, 'SAMPLES', samples)
    out[n + 4] = call('PTTL', k); out[n + 5] = len; out[n + 6] = extra
  end
  n = n + 6
end
local t1 = call('TIME')
out[1] = (tonumber(t1[1]) - tonumber(t0[1])) * 1000000 + tonumber(t1[2]) - tonumber(t0[2])
return out
