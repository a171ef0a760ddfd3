"""Requests per second under gunicorn (four workers, as in the README's deployment), from wrk
on loopback: the gallery list, a gallery detail and the trivial view in the same run, cached
(Redis) and uncached (a dummy cache)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import SECRET_KEY

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 4
SECONDS = int(os.getenv("BENCH_WRK_SECONDS", "8"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wrk(url: str) -> float:
    done = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
    )
    found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    if not found or "Non-2xx" in done.stdout:
        raise RuntimeError(done.stdout + done.stderr)
    return float(found.group(1))


def requests_per_second(database_url: str, paths: dict[str, str], *, cached: bool) -> dict:
    """wrk against each path; None when wrk is not installed."""
    if shutil.which("wrk") is None:
        return {}
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": SECRET_KEY,
        "DEBUG": "0",
        "BENCH_NO_CACHE": "0" if cached else "1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--env",
            "DJANGO_SETTINGS_MODULE=bench.settings",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/__bench__/trivial", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        for path in paths.values():  # warm every worker's connection and the cache
            for _ in range(WORKERS * 2):
                urllib.request.urlopen(f"{base}{path}", timeout=30).read()
        return {name: round(_wrk(f"{base}{path}"), 1) for name, path in paths.items()}
    finally:
        server.terminate()
        server.wait(timeout=30)
