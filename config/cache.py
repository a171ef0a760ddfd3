"""A Redis cache that degrades instead of failing: with Redis down, pages are served uncached
(reads miss, writes are dropped) and the failure is logged, not shown to users. And the
generations that key what is cached from changing data (the public pages, review results).

The backend is django-redis rather than Django's own ``RedisCache``: Django's builds a new
redis-py client for every call (redis-py then rebuilds its table of ~170 response callbacks,
redis/redis-py#3624), which costs more than the round trip itself and was most of the time of a
public page served from the cache; django-redis keeps one client per server for the process."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_redis.cache import RedisCache
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
    # As if added; rate limits (config.ratelimit) then fail on INCR and refuse.
    add = _degrade("add", True)
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


class Generation:
    """A token kept in the shared cache that changes whenever what it guards changes: the
    services that write that data bump it. Everything cached from the data is kept with the
    token it was made under and served only while the token is the same, so one change makes
    all of it unreachable at once, for every process on every host (the old entries then
    expire on their own). Nothing is kept in a process: a change shows everywhere at once.

    A token that is lost (evicted, Redis flushed) comes back as a new one made from the clock,
    never as an earlier one; with Redis down every call answers a new token, so nothing cached
    is ever served.

    The token is shared by every release (old and new hosts side by side in a rolling upgrade
    see the same bumps); a value is kept under the release that made it (``settings.RELEASE``
    in its key's name), so a new release never serves what an old one made. It stays in the
    token's alias, not in ``pages`` (config/release.py): one ``get_many`` reads both."""

    def __init__(self, name: str, *, also: tuple[Generation, ...] = ()):
        """``also``: wider generations that change with this one (every campaign's bumps the
        notice list's, which shows them all)."""
        self.key = f"generation:{name}"
        self.also = also

    def current(self) -> int:
        return cache.get_or_set(self.key, time.time_ns, None)

    def get_or_make(self, key: str, make, timeout: int):
        """The value kept under ``key`` if it was made at the current generation, else
        ``make()`` (kept unless it answers None). One round trip to the cache when it is there:
        the token and the value are read together (``get_many``)."""
        released = f"release:{settings.RELEASE}:{key}"
        found = cache.get_many([self.key, released])
        current = found.get(self.key)
        if current is None:
            current = self._start()
        kept = found.get(released)
        if kept is not None and kept[0] == current:
            return kept[1]
        value = make()  # made after reading the token: a change meanwhile makes it stale
        if value is not None:
            cache.set(released, (current, value), timeout)
        return value

    def _start(self) -> int:
        """A new token where none was found: one round trip (``SET NX``) unless another
        process made one first, then that one."""
        token = time.time_ns()
        if cache.add(self.key, token, None):
            return token
        return self.current()

    def bump(self) -> None:
        """Now, and inside a transaction again after the commit: a page cached in between would
        show the old state. (Outside one, Django runs ``on_commit`` at once: a second step for
        nothing.)"""
        self._bump()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self._bump)

    def _bump(self) -> None:
        for key in (self.key, *(wider.key for wider in self.also)):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, time.time_ns(), None)
