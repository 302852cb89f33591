-- Junction gateway: one token bucket, refilled continuously, shared by all gateway replicas.
-- KEYS[1]  the bucket (a hash: tokens, ms)
-- ARGV[1]  capacity (burst), tokens
-- ARGV[2]  refill rate, tokens per second
-- ARGV[3]  tokens wanted: a request wants 1; a gateway replica taking a lease wants a batch, and gets as many as the
--          bucket holds, up to that, or none when it holds less than one
-- Returns { tokens granted, tokens left (floor), ms until full, ms until one token is there (0 if granted) }.
-- The clock is Redis's own (TIME), so replicas with skewed clocks share one bucket correctly.
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local requested = tonumber(ARGV[3])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ms')
local tokens = tonumber(state[1])
local last = tonumber(state[2])
if tokens == nil or last == nil then
  tokens = capacity
  last = now
end
if now > last then
  tokens = math.min(capacity, tokens + (now - last) * rate / 1000)
end

local granted = math.min(requested, math.floor(tokens))
local wait_ms = 0
if granted >= 1 then
  tokens = tokens - granted
else
  granted = 0
  wait_ms = math.ceil((1 - tokens) * 1000 / rate)
end

local full_ms = math.ceil((capacity - tokens) * 1000 / rate)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ms', tostring(now))
-- a full bucket is the same as no bucket: let it expire then
redis.call('PEXPIRE', KEYS[1], math.max(full_ms, 1000))

return { granted, math.floor(tokens), full_ms, wait_ms }
