"""The Lua scripts the portal's Redis backend runs (portal/redis_cache.py): each one step on
Redis where Django's client would take two."""

# Atomic where Django's client checks, then increments: a key that expired in between would come
# back without a timeout, and a rate limit would never end.
INCR = (
    "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end"
)
DELETE_IF_EQUAL = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"
)
# Django stores integers as plain numbers (anything else counts as 0); microseconds since the
# epoch stay exact in Lua's doubles.
ADVANCE = """local raised = tonumber(redis.call('get', KEYS[1]) or 0) or 0
raised = math.max(raised + 1, tonumber(ARGV[1]))
redis.call('set', KEYS[1], string.format('%.0f', raised))
return raised"""
# A single-flight call's result for the clicks waiting on it, then its lock released while it
# still holds the caller's token: one round trip where a set and a release were two.
HAND_OVER = """redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
if redis.call('get', KEYS[2]) == ARGV[3] then return redis.call('del', KEYS[2]) end
return 0"""
