-- Inspects a batch of keys in one call, read-only. Two modes:
--   KEYS given: inspects them.
--   no KEYS:    runs SCAN ARGV[7] COUNT ARGV[8] itself and inspects the keys it returns, after ARGV[14] on (keys
--               an earlier call of the walk left: not declared, as SCAN's are not, and checked alike).
-- ARGV[9] (optional): a budget in microseconds, 0 for none. The call then stops between keys once that much
--   time has passed since its start (looked at after 4 keys, then as often as the time per key so far says half
--   the time left may have passed, and every 16 keys at least), and before a
--   collection of at least ARGV[10] elements that is not its first key; after such a big collection it stops too:
--   a big key is inspected alone. At least one key is always inspected. The keys left are returned for a call of
--   their own.
-- ARGV[11] (optional): the db the connection has selected, '' for unknown. Where INFO keyspace says it holds no
--   key with a TTL, PTTL is not asked: every key's is -1 (none) for the whole call, as nothing else runs meanwhile.
-- ARGV[12], ARGV[13] (optional): where a short string's MEMORY USAGE follows from its name's length and its own
--   (StringSizes.java): byte n + 1 of ARGV[12] is '1' for names of n bytes, byte n + 1 of ARGV[13] for embstr
--   strings of n bytes. An int string under such a name, or an embstr under one with such a length, is asked no
--   MEMORY USAGE (reported as -4).
-- Reply: { server microseconds (TIME at both ends), next cursor ('' in the KEYS mode), records, keys left }, where
-- records is one binary string, big-endian, one record per key (InspectionScript.java decodes it):
--   u32 key length, key bytes, u8 present (0: the key is gone, 2: outside the user's ACL key pattern, 3: in a
--   cluster, of a slot this node does not serve; nothing follows any of them),
--   u8 + type, u8 + encoding, f64 memory usage (-4: not asked, it follows, ARGV[12]), f64 pttl, f64 length (-1:
--   none),
--   u8 extra kind: 0 none; 1 u32 + the first ARGV[2] bytes of a raw string (the first ARGV[5] bytes of one
--     of at least ARGV[6] bytes: a sample of its compressibility);
--   2 u32 count, then u32 + bytes per member: ARGV[4] members of a hashtable set of at most ARGV[3];
--   3 (only where MEMORY USAGE is not permitted) u8 probe, u8 count, then per element u32 length and i8 integer
--     (0: text; else the element is written as a 64-bit integer, 1 + the bit length of its magnitude, negated if
--     it is negative): ARGV[4] elements of a hash (fields and values), sorted set (members and scores), set or
--     list, or a stream's time span (ms) and first entry's fields and values, whose sizes are then estimated
--     from elements like their own. Lengths, never bytes.
--     probe 1: the set is one the ARGV[3] probe is for, answered by the integer flags.
-- ARGV[1]: MEMORY USAGE SAMPLES (5, Redis's default, is not sent), or 'none' where MEMORY USAGE is not permitted (memory usage -3: unknown). One string instead of seven reply values per key costs Redis slightly
-- less to write and the client far less to decode. The server microseconds let the client's throttle
-- count what the call cost Redis rather than the round trip.
--
-- Every redis.call costs Redis about a microsecond whatever the command, so the script sends as few
-- as it can: the encoding first, TYPE only where the encoding does not say the type, a raw string's length from
-- its head where the head is all of it, a short string's MEMORY USAGE where it follows (ARGV[12]), PTTL only in
-- a db with keys that expire, TIME seldom. (Guessing the length command of a listpack or hashtable instead of
-- asking TYPE would save a call, but each wrong guess is a WRONGTYPE error that Redis counts in the user's
-- errorstats and failed_calls.)
local call = redis.call
local pack = struct.pack
local t0 = call('TIME')
local samples = ARGV[1]
local head = tonumber(ARGV[2]) - 1
local probeMax = tonumber(ARGV[3])
local probeMembers = tonumber(ARGV[4])
local sample = tonumber(ARGV[5]) - 1
local sampleFrom = tonumber(ARGV[6])
-- raw is not here: a module's value also reports raw (its GETRANGE fails, then TYPE names the module type)
local typeOf = { int = 'string', embstr = 'string', intset = 'set', skiplist = 'zset',
  quicklist = 'list', linkedlist = 'list', stream = 'stream', listpackex = 'hash' }
local lengthOf = { hash = 'HLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', stream = 'XLEN', string = 'STRLEN' }
local estimate = samples == 'none'
-- A stream's sample: the milliseconds between its first and last ids, then its first entry's fields and values.
local function streamSample(k)
  local first = redis.pcall('XRANGE', k, '-', '+', 'COUNT', 1)
  if type(first) ~= 'table' or first.err or #first == 0 then return nil end
  local last = redis.pcall('XREVRANGE', k, '+', '-', 'COUNT', 1)
  if type(last) ~= 'table' or last.err or #last == 0 then return nil end
  local span = tonumber(string.match(last[1][1], '^%d+')) - tonumber(string.match(first[1][1], '^%d+'))
  local got = { string.format('%.0f', span) }
  -- the record counts its elements in a byte
  for j = 1, math.min(#first[1][2], 254) do got[j + 1] = first[1][2][j] end
  return got
end
-- A few elements of a container: HRANDFIELD, ZRANDMEMBER and SRANDMEMBER pick them at random, as MEMORY USAGE
-- samples them; a list's are its first ones (a random index would walk the list). pcall: where the command is
-- refused too, the size is estimated with an assumed element length (nil here).
local function elementSample(t, k)
  local got
  if t == 'hash' then got = redis.pcall('HRANDFIELD', k, probeMembers, 'WITHVALUES')
  elseif t == 'zset' then got = redis.pcall('ZRANDMEMBER', k, probeMembers, 'WITHSCORES')
  elseif t == 'set' then got = redis.pcall('SRANDMEMBER', k, probeMembers)
  elseif t == 'list' then got = redis.pcall('LRANGE', k, 0, probeMembers - 1)
  elseif t == 'stream' then return streamSample(k)
  else return nil end
  if type(got) ~= 'table' or got.err then return nil end
  return got
end
-- as ElementSample.integer has it (integers as InspectionScript.isInteger tells them, but for 20-digit numbers
-- beyond 64 bits, rare, which count as integers here, and numbers beyond 2^53, whose double may round up to the
-- next bit length): how a listpack or intset stores the element
local function integer(s)
  if #s > 20 or (s ~= '0' and string.find(s, '^%-?[1-9]%d*$') == nil) then return 0 end
  local v = tonumber(s)
  local _, bits = math.frexp(math.abs(v))
  return v < 0 and -1 - bits or 1 + bits
end
local keys = KEYS
local cursor = ''
if #KEYS == 0 and ARGV[7] ~= nil and ARGV[7] ~= '' then
  local page = call('SCAN', ARGV[7], 'COUNT', ARGV[8])
  cursor = page[1]
  keys = page[2]
  if #ARGV > 13 then
    keys = {}
    for j = 14, #ARGV do keys[#keys + 1] = ARGV[j] end
    for j = 1, #page[2] do keys[#keys + 1] = page[2][j] end
  end
end
local budget = tonumber(ARGV[9] or '0') or 0
local bigFrom = tonumber(ARGV[10] or '0') or 0
if bigFrom <= 0 then bigFrom = math.huge end
-- the containers whose MEMORY USAGE (and element sample) costs more as they grow: not the compact encodings
local growing = { hashtable = true, skiplist = true, quicklist = true, linkedlist = true, stream = true }
local function spent()
  local t = call('TIME')
  return (tonumber(t[1]) - tonumber(t0[1])) * 1000000 + tonumber(t[2]) - tonumber(t0[2])
end
-- No key of the db has a TTL: PTTL would answer -1 for each. INFO costs a few PTTLs: asked for more keys only.
local expiring = true
local db = ARGV[11]
if db ~= nil and db ~= '' and #keys > 8 then
  local info = redis.pcall('INFO', 'keyspace')
  if type(info) == 'string' then
    expiring = string.match(info, '\ndb' .. db .. ':keys=%d+,expires=(%d+)') ~= '0'
  end
end
local memoryArgs = samples ~= '5'
local names = ARGV[12] or ''
local embstrs = ARGV[13] or ''
local out = {}
local stopAt = nil
-- TIME costs more than any other call (its reply is a table of two strings): looked at after 4 keys, then once
-- half the time left may have passed at the time per key so far, and every 16 keys at least (a run of keys dearer
-- than those before overruns the budget by little)
local lookAt = 5
for i = 1, #keys do
  if budget > 0 and i >= lookAt then
    local s = spent()
    if s >= budget then
      stopAt = i
      break
    end
    local perKey = s / (i - 1)
    local next = perKey > 0 and math.floor((budget - s) / 2 / perKey) or 16
    lookAt = i + math.max(1, math.min(16, next))
  end
  local k = keys[i]
  -- ACLs check each call's keys on its own: a key outside the user's key pattern is reported, not inspected
  -- (the SCAN mode; in the KEYS mode Redis refuses the whole call). Any other refusal is raised as call does.
  -- In a cluster, a key of a slot this node does not serve (SCAN returns those of a slot being imported) is
  -- reported too: the client leaves it to the shard that owns it.
  local enc = redis.pcall('OBJECT', 'ENCODING', k)
  if type(enc) == 'table' and (string.find(enc.err, 'non local key', 1, true)
      or string.find(enc.err, 'slot not served', 1, true)) then
    out[i] = pack('>I4c0B', #k, k, 3)
  elseif type(enc) == 'table' then
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
    local bytes
    if enc == 'raw' then
      -- as far as a sample: a string shorter than that is all there, its length that of the reply
      bytes = redis.pcall('GETRANGE', k, 0, sample)
      if type(bytes) == 'string' then
        t = 'string'
        len = #bytes <= sample and #bytes or call('STRLEN', k)
      elseif string.find(bytes.err, 'wrong kind of value', 1, true) then
        bytes = nil -- a module's value (it has no string range); TYPE names its type
      else
        call('GETRANGE', k, 0, sample) -- refused: raised as call does
      end
    end
    if not t then t = call('TYPE', k).ok end
    local lengthCommand = lengthOf[t]
    if lengthCommand and len == -1 then len = call(lengthCommand, k) end
    local big = budget > 0 and growing[enc] and len >= bigFrom
    if big and i > 1 then
      stopAt = i -- a big collection goes first in a call of its own
      break
    end
    local elements = estimate and len > 0 and elementSample(t, k)
    if bytes then
      if len < sampleFrom then bytes = string.sub(bytes, 1, head + 1) end
      extra = pack('>BI4c0', 1, #bytes, bytes)
    elseif elements then
      local probe = (t == 'set' and enc == 'hashtable' and len <= probeMax) and 1 or 0
      local parts = { pack('>BBB', 3, probe, #elements) }
      for j = 1, #elements do parts[j + 1] = pack('>I4b', #elements[j], integer(elements[j])) end
      extra = table.concat(parts)
    elseif t == 'set' and enc == 'hashtable' and len <= probeMax and not estimate then
      local members = call('SRANDMEMBER', k, probeMembers)
      local parts = { pack('>BI4', 2, #members) }
      for j = 1, #members do parts[j + 1] = pack('>I4c0', #members[j], members[j]) end
      extra = table.concat(parts)
    else
      extra = '\0'
    end
    local mem = -3
    if (enc == 'int' or enc == 'embstr' and string.byte(embstrs, len + 1) == 49) and not estimate
        and string.byte(names, #k + 1) == 49 then
      mem = -4 -- follows from the name's length and the string's (StringSizes)
    elseif memoryArgs and not estimate then mem = call('MEMORY', 'USAGE', k, 'SAMPLES', samples) or -1
    elseif not estimate then mem = call('MEMORY', 'USAGE', k) or -1 end
    local ttl = expiring and call('PTTL', k) or -1
    out[i] = pack('>I4c0BBc0Bc0ddd', #k, k, 1, #t, t, #enc, enc, mem, ttl, len) .. extra
    if big and i < #keys then
      stopAt = i + 1 -- and alone: the keys after it wait for the next call
      break
    end
  end
end
local left = {}
if stopAt then
  for j = stopAt, #keys do left[#left + 1] = keys[j] end
end
local t1 = call('TIME')
return { (tonumber(t1[1]) - tonumber(t0[1])) * 1000000 + tonumber(t1[2]) - tonumber(t0[2]), cursor,
  table.concat(out), left }
