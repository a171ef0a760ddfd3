"""Private PostgreSQL and Redis instances, the portal under gunicorn and Celery workers on
them: the fault drills kill, stop and restart these, never the machine's own services."""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = (
    next(Path("/usr/lib/postgresql").glob("*/bin"), None)
    if Path("/usr/lib/postgresql").exists()
    else None
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*args: str) -> None:
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*runner, *args], check=True, capture_output=True, timeout=60)


class PrivatePostgres:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="pg-"))
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        _as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "--auth=trust", "-U", "postgres"
        )
        self.ctl("start")
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE portal",
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def ctl(self, action: str) -> None:
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.dir / "data"),
            "-w",
            "-m",
            "fast",
            "-o",
            self.options,
            "-l",
            str(self.dir / "log"),
            action,
        )

    def close(self) -> None:
        try:
            self.ctl("stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    def __init__(self):
        self.port = _free_port()
        self.start()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        self._wait(up=True)

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            timeout=30,
        )
        self._wait(up=False)

    def _wait(self, *, up: bool) -> None:
        for _ in range(50):
            answer = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            if ("PONG" in answer.stdout) == up:
                return
            time.sleep(0.1)
        raise RuntimeError("redis did not change state")


class Portal:
    """The portal under gunicorn, one worker (so that its kept connection is the one tested)."""

    def __init__(self, database_url: str, redis_url: str, *, workers: int = 1, **extra_env: str):
        self.port = _free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DEBUG": "1",
            "ALLOWED_HOSTS": "127.0.0.1",
            "VAR_DIR": tempfile.mkdtemp(prefix="var-"),
            **extra_env,
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=300,
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if self.status("/healthz") in (200, 503):
                return
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def status(self, path: str) -> int | None:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}{path}", timeout=10
            ) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def body(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            return response.read().decode()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.env["VAR_DIR"], ignore_errors=True)


#: A Celery worker of the portal without gossip or mingle (nothing to learn from other workers).
CELERY_WORKER = [
    sys.executable,
    *("-m", "celery", "-A", "config", "worker", "--without-gossip", "--without-mingle"),
]


def manage(env: dict, script: str) -> str:
    """Run Python code in the portal's environment (``manage.py shell``); its output."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return done.stdout.strip()


class Worker:
    """A Celery worker (prefork, one child) in its own process group, so that it can be killed
    whole, as a machine losing power would."""

    def __init__(self, env: dict):
        self.process = subprocess.Popen(
            [*CELERY_WORKER, "--pool=prefork", "--concurrency=1", "--loglevel=WARNING"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def signed_in(portal, username: str):
    """An HTTP client signed in as ``username`` (a session made in the database)."""
    session_key = manage(
        portal.env,
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.cached_db import SessionStore\n"
        "from members.models import User\n"
        f"user = User.objects.get(username='{username}')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)",
    )
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    opener.addheaders = [("Cookie", f"sessionid={session_key}")]
    return opener, jar, session_key


def fetch(opener, url: str, data: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=15) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)
