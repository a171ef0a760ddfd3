"""Run a Django script in a process of its own, on the embedded default (SQLite under its own
``VAR_DIR``, no broker), and read the JSON it prints last: for what is fixed when settings are
imported (DEBUG, the static storage) or leaves process-wide state behind (a Celery worker)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_script(script: str, var_dir: Path, **env: str):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    environment.update(VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings", **env)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
