"""What asking for and running a report share: the storage and the error kinds."""

from __future__ import annotations

import logging

from django.core.files.storage import storages
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

#: Failures that may pass by themselves: the run is given back and retried with backoff.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
#: The broker cannot take the message: the job stays queued and the sweeper sends it later.
BROKER_ERRORS = (BrokerError, RedisError, ConnectionError)


class TransientError(Exception):
    """The run failed for a reason that may pass; the task retries it."""


class LostClaim(Exception):
    """Another run holds the job now (this one was taken for dead): stop quietly."""


def reports_storage():
    return storages["reports"]
