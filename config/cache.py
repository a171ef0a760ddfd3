"""A Redis cache that degrades instead of failing: with Redis down, pages are served uncached
(reads miss, writes are dropped) and the failure is logged, not shown to users."""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _degrade(method_name: str, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), method_name)(*args, **kwargs)
        except RedisError:
            logger.warning("cache %s failed: Redis unavailable", method_name, exc_info=True)
            if isinstance(fallback, type) and issubclass(fallback, Exception):
                raise fallback(f"cache unavailable for {method_name}") from None
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    method.__name__ = method_name
    return method


class ResilientRedisCache(RedisCache):
    get = _degrade("get", lambda key, default=None, version=None: default)
    get_many = _degrade("get_many", {})
    set = _degrade("set", None)
    set_many = _degrade("set_many", [])
    add = _degrade("add", True)  # as if added: callers (rate limits) then let the request through
    delete = _degrade("delete", False)
    delete_many = _degrade("delete_many", None)
    get_or_set = _degrade(
        "get_or_set",
        lambda key, default, timeout=None, version=None: (
            default() if callable(default) else default
        ),
    )
    incr = _degrade("incr", ValueError)
    decr = _degrade("decr", ValueError)
    has_key = _degrade("has_key", False)
    touch = _degrade("touch", False)
    clear = _degrade("clear", None)
