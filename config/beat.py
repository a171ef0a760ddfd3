"""One Celery beat for the whole portal, even if two are started.

Run exactly one ``celery -A config beat`` process (on one host, next to a worker or alone; see
the README). Should a second one run anyway (a host restored from an image, a second
deployment started by hand), its periodic tasks are no-ops: before sending an entry, a beat
takes that entry's turn in the shared cache (an ADD that expires after nine tenths of the
entry's interval) and sends nothing when another beat took it. The periodic tasks are
idempotent besides (phases move once, sweeps and purges find nothing left to do), so a
duplicate that slips through while Redis is down, when every ADD succeeds, does no harm."""

from __future__ import annotations

import logging

from celery.beat import PersistentScheduler
from django.core.cache import cache

logger = logging.getLogger(__name__)

#: The interval assumed for an entry that has none (a crontab runs at most once a minute).
DEFAULT_SECONDS = 60


def take_turn(name: str, seconds: float) -> bool:
    """True for the first beat that asks within nine tenths of ``seconds``."""
    return cache.add(f"beat:{name}", 1, max(1, int(seconds * 0.9)))


class SingleBeatScheduler(PersistentScheduler):
    """Celery's default scheduler, sending an entry only when it takes that entry's turn
    (``CELERY_BEAT_SCHEDULER``)."""

    def apply_entry(self, entry, producer=None):
        every = getattr(entry.schedule, "run_every", None)
        seconds = every.total_seconds() if every is not None else DEFAULT_SECONDS
        if take_turn(entry.name, seconds):
            return super().apply_entry(entry, producer=producer)
        logger.info("beat: %s already sent by another beat, skipped", entry.name)
        return None
