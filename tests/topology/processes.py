"""The processes of a multi-host deployment, started for the topology tests: an S3-compatible
object store (SeaweedFS, bench/seaweed.py), web hosts (gunicorn, each with a VAR_DIR of its own,
as on separate machines) and a Celery worker. All of them on one PostgreSQL database and one Redis
database, as in production."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from bench import seaweed
from bench.seaweed import BUCKET, Process, free_ports, wait_until, weed_binary
from tests.reliability.instances import CELERY_WORKER

__all__ = ["BUCKET", "Process", "free_ports", "wait_until", "weed_binary"]

#: Which pytest-xdist worker this is (0 without xdist): each has its own deployment.
WORKER_INDEX = int(os.getenv("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
#: The ports these tests may use (an object store takes eight, each web host one): a slice of
#: 18400-18499 per xdist worker, so that two workers never pick the same free port.
PORTS = range(18400 + 25 * (WORKER_INDEX % 4), 18400 + 25 * (WORKER_INDEX % 4 + 1))
#: Both hosts sign sessions and forms with the same key, as a deployment's hosts must.
SECRET_KEY = "topology-test-secret-key-not-for-production-0123456789abcdef"


class ObjectStore(seaweed.ObjectStore):
    """The store on this xdist worker's ports."""

    def __init__(self, folder: Path):
        super().__init__(folder, PORTS)


def portal_env(*, var_dir: Path, database_url: str, redis_url: str, store: ObjectStore) -> dict:
    """The environment of one host of the portal: shared database, Redis and object store, and
    a VAR_DIR of its own (nothing in it may be needed by another host)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "S3_", "DJANGO_")) and key not in ("VAR_DIR",)
    }
    var_dir.mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "1",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "VAR_DIR": str(var_dir),
            # Another host's leftovers are never read: each VAR_DIR starts empty.
            "PYTHONDONTWRITEBYTECODE": "1",
            **store.env(),
        }
    )
    return env


class WebHost:
    """One web host: gunicorn serving the portal (two threads), as behind a load balancer."""

    def __init__(self, name: str, env: dict, log: Path):
        (self.port,) = free_ports(1, PORTS)
        self.name = name
        self.url = f"http://127.0.0.1:{self.port}"
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "120",
        ]
        self.process = Process(name, args, env=env, log=log)

    def start(self) -> None:
        import requests

        self.process.start()

        def answers():
            if not self.process.alive():
                raise AssertionError(f"{self.name} exited:\n{self.process.tail()}")
            return requests.get(f"{self.url}/accounts/login/", timeout=5).status_code == 200

        wait_until(answers, timeout=60, what=self.name, every=0.3)


class Worker:
    """One Celery worker (solo pool), reading the queue in the shared Redis."""

    def __init__(self, env: dict, log: Path):
        args = [*CELERY_WORKER, "--pool=solo", "--loglevel=INFO", "--hostname=topology@%h"]
        self.process = Process("worker", args, env=env, log=log)

    def start(self) -> None:
        self.process.start()

        def ready():
            if not self.process.alive():
                raise AssertionError(f"the worker exited:\n{self.process.tail()}")
            return re.search(r"\bready\b", self.process.log.read_text(errors="replace"))

        wait_until(ready, timeout=60, what="the Celery worker", every=0.3)
