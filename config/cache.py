"""A Redis cache that degrades instead of failing: with Redis down, pages are served uncached
(reads miss, writes are dropped) and the failure is logged, not shown to users. And the
generations that key what is cached from changing data (the public pages, review results).

The backend is django-redis rather than Django's own ``RedisCache``: Django's builds a new
redis-py client for every call (redis-py then rebuilds its table of ~170 response callbacks,
redis/redis-py#3624), which costs more than the round trip itself and was most of the time of a
public page served from the cache; django-redis keeps one client per server for the process.
With ``hiredis`` installed (requirements.txt) redis-py parses Redis's replies in C rather than
in Python, as redis-py and django-redis advise: every round trip costs the process less."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


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
        ``make()`` (kept unless it answers None): :func:`get_or_make_many` for one value, one
        round trip to the cache when it is there."""
        return get_or_make_many({key: (self, key)}, lambda _missing: {key: make()}, timeout)[key]

    def get_or_make_kept(self, key: str, make, keep, timeout: int):
        """``get_or_make`` for what is not always kept: ``make()`` answers a value and
        ``keep(value)`` what of it to keep (None: nothing, e.g. a page that is not for every
        visitor). Answers ``(made, kept)``: the value made (None when the kept one was found) and
        what is kept (None when nothing was)."""
        made = []

        def make_kept():
            made.append(make())
            return keep(made[0])

        kept = self.get_or_make(key, make_kept, timeout)
        return (made[0] if made else None), kept

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


def get_or_make_many(
    wanted: dict[K, tuple[Generation, str]], make: Callable[[list[K]], dict[K, V]], timeout: int
) -> dict[K, V]:
    """``Generation.get_or_make`` for many values at once, each under its own generation:
    ``wanted`` maps each item (e.g. a campaign's id) to its generation and the key its value is
    kept under. A value kept at its generation's current token is served; the others are made
    together by ``make(missing)``, which answers a dict of each missing item's value (one query
    for all of them rather than one each), and kept, those that are not None.

    Round trips to the cache: one ``get_many`` reads every token and every kept value, one
    ``set_many`` keeps what was made, and a token not in the cache at all (never made, or lost)
    is made on the spot, one round trip each (``SET NX``): it is there for the next request."""
    if not wanted:
        return {}
    released = {item: _released(key) for item, (_generation, key) in wanted.items()}
    generations = {generation.key: generation for generation, _key in wanted.values()}
    found = cache.get_many([*generations, *released.values()])
    tokens = {}
    for name, generation in generations.items():
        tokens[name] = found.get(name)
        if tokens[name] is None:
            tokens[name] = generation._start()
    values = {}
    for item, (generation, _key) in wanted.items():
        kept = found.get(released[item])
        if kept is not None and kept[0] == tokens[generation.key]:
            values[item] = kept[1]
    missing = [item for item in wanted if item not in values]
    if missing:
        # Made after the tokens were read: a change meanwhile bumps a token on, and what is
        # kept here under the older one is never served.
        made = make(missing)
        keep = {
            released[item]: (tokens[wanted[item][0].key], value)
            for item, value in made.items()
            if value is not None
        }
        if keep:
            cache.set_many(keep, timeout)
        values |= made
    return values


def _released(key: str) -> str:
    """The name a value made by this release is kept under, beside its generation's token
    (which every release shares)."""
    return f"release:{settings.RELEASE}:{key}"
