// Lua scripts of the cluster-wide subscription quota (redis-subscription-cap.ts). Each holder (a
// user or an anonymous address) has two keys: a hash of slots held per gateway instance and a sorted
// set of each instance's lease expiry (Redis's own clock, milliseconds). Both keys expire with the
// last lease, so a holder nobody renews disappears by itself.

const prelude = `
local holds, leases = KEYS[1], KEYS[2]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

-- Slots of instances whose lease lapsed (a gateway that died) no longer count: drop them.
local function live_total()
  local total = 0
  local fields = redis.call('HGETALL', holds)
  for index = 1, #fields, 2 do
    local lease = tonumber(redis.call('ZSCORE', leases, fields[index]) or '0')
    if lease > now then
      total = total + tonumber(fields[index + 1])
    else
      redis.call('HDEL', holds, fields[index])
    end
  end
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  return total
end

-- Both keys live as long as the longest lease.
local function keep_until_last_lease()
  local last = redis.call('ZRANGE', leases, -1, -1, 'WITHSCORES')
  if #last == 0 or redis.call('HLEN', holds) == 0 then
    redis.call('DEL', holds, leases)
  else
    redis.call('PEXPIREAT', holds, last[2])
    redis.call('PEXPIREAT', leases, last[2])
  end
end
`;

/**
 * Takes one slot for instance ARGV[1] when the live slots of every instance are below ARGV[2], and
 * extends that instance's lease by ARGV[3] ms. Returns 1 when taken, 0 at the limit.
 */
export const acquireHoldScript = `${prelude}
local instance, limit, lease_ms = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if live_total() >= limit then
  keep_until_last_lease()
  return 0
end
redis.call('HINCRBY', holds, instance, 1)
redis.call('ZADD', leases, now + lease_ms, instance)
keep_until_last_lease()
return 1
`;

/**
 * Sets instance ARGV[1]'s slots to ARGV[2] (the gateway's own count is the truth for its slots) and
 * renews its lease by ARGV[3] ms; 0 slots removes the instance from the holder. Renewals, releases
 * and the re-registration after a Redis restart are all this one write.
 */
export const setHoldsScript = `${prelude}
local instance, count, lease_ms = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
live_total()
if count > 0 then
  redis.call('HSET', holds, instance, count)
  redis.call('ZADD', leases, now + lease_ms, instance)
else
  redis.call('HDEL', holds, instance)
  redis.call('ZREM', leases, instance)
end
keep_until_last_lease()
return count
`;
