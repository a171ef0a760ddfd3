"""Run a Django script, or a management command, in a process of its own, on the embedded
default (SQLite under its own ``VAR_DIR``, no broker) unless told otherwise, and read the JSON
it prints last: for what is fixed when settings are imported (DEBUG, the static storage) or
leaves process-wide state behind (a Celery worker), and for commands run as operators run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def environment(var_dir: Path, **env: str) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    environment.update(VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings", **env)
    return environment


def run_script(script: str, var_dir: Path, **env: str):
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment(var_dir, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_manage(*args: str, var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """``manage.py <args>``; the caller checks the exit code and the output."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(var_dir, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
