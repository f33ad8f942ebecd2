-- Inspects a batch of keys in one call, read-only: for each key, six values
-- (type, encoding, memory usage, pttl, length, extra), where extra is the first
-- ARGV[2] bytes of a raw string, ARGV[4] members of a small hashtable set, or false.
-- A key that is gone reports type "none". ARGV[1]: MEMORY USAGE SAMPLES;
-- ARGV[3]: largest hashtable set worth probing for integer members.
local samples = ARGV[1]
local head = tonumber(ARGV[2]) - 1
local probeMax = tonumber(ARGV[3])
local probeMembers = tonumber(ARGV[4])
local out = {}
local n = 0
local call = redis.call
for i = 1, #KEYS do
  local k = KEYS[i]
  local t = call('TYPE', k).ok
  if t == 'none' then
    out[n + 1] = t; out[n + 2] = false; out[n + 3] = false
    out[n + 4] = false; out[n + 5] = false; out[n + 6] = false
  else
    local enc = call('OBJECT', 'ENCODING', k)
    local len = -1
    local extra = false
    if t == 'string' then
      len = call('STRLEN', k)
      if enc == 'raw' then extra = call('GETRANGE', k, 0, head) end
    elseif t == 'hash' then len = call('HLEN', k)
    elseif t == 'list' then len = call('LLEN', k)
    elseif t == 'set' then
      len = call('SCARD', k)
      if enc == 'hashtable' and len <= probeMax then extra = call('SRANDMEMBER', k, probeMembers) end
    elseif t == 'zset' then len = call('ZCARD', k)
    elseif t == 'stream' then len = call('XLEN', k)
    end
    out[n + 1] = t; out[n + 2] = enc
    out[n + 3] = call('MEMORY', 'USAGE', k, 'SAMPLES', samples)
    out[n + 4] = call('PTTL', k); out[n + 5] = len; out[n + 6] = extra
  end
  n = n + 6
end
return out
