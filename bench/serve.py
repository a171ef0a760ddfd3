"""Requests per second under gunicorn (four workers, as in the README's deployment) on loopback:
the public pages and the trivial view in the same run, cached (Redis) and uncached (a dummy
cache). The load comes from wrk (Debian's ``wrk``) when it is installed, else from a pool of
Python threads, each with its own connection (``CLIENT`` says which)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from bench import SECRET_KEY
from bench.deployed import free_port, gunicorn

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 4
SECONDS = int(os.getenv("BENCH_WRK_SECONDS", "8"))


CONNECTIONS = 16
CLIENT = "wrk" if shutil.which("wrk") else f"Python thread pool ({CONNECTIONS} threads)"


def _threads(url: str) -> float:
    """Requests/s of ``CONNECTIONS`` threads requesting ``url`` one after the other for SECONDS
    (gunicorn's sync workers close each connection: a new one per request, as with wrk)."""
    done, failed = [0] * CONNECTIONS, []
    stop = time.perf_counter() + SECONDS

    def client(number: int) -> None:
        while time.perf_counter() < stop:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
            except OSError as error:
                failed.append(error)
                return
            done[number] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise RuntimeError(f"{url}: {failed[0]}")
    return sum(done) / (time.perf_counter() - start)


def _wrk(url: str) -> float:
    if shutil.which("wrk") is None:
        return _threads(url)
    done = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
    )
    found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    if not found or "Non-2xx" in done.stdout:
        raise RuntimeError(done.stdout + done.stderr)
    return float(found.group(1))


def requests_per_second(database_url: str, paths: dict[str, str], *, cached: bool) -> dict:
    """Requests/s of each path by name, or what went wrong with it."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": SECRET_KEY,
        "DEBUG": "0",
        "BENCH_NO_CACHE": "0" if cached else "1",
    }
    server = subprocess.Popen(
        gunicorn(port, WORKERS, "--env", "DJANGO_SETTINGS_MODULE=bench.settings"),
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
        found = {}
        for name, path in paths.items():
            try:
                for _ in range(WORKERS * 2):  # warm every worker's connection and the cache
                    urllib.request.urlopen(f"{base}{path}", timeout=30).read()
                found[name] = round(_wrk(f"{base}{path}"), 1)
            except (OSError, RuntimeError) as error:  # said in the page's row, not a crash
                found[name] = str(error)[:200]
        return found
    finally:
        server.terminate()
        server.wait(timeout=30)
