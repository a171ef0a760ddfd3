"""Production settings refuse unsafe configurations; a proper one passes ``check --deploy``."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_off_with_the_default_secret_key_refuses_to_start():
    result = _run("check", DEBUG="0", ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY is the built-in development key" in result.stderr


def test_debug_on_with_a_public_host_refuses_to_start():
    result = _run("check", DEBUG="1", ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "DEBUG is on while ALLOWED_HOSTS names a non-local host" in result.stderr


def test_a_real_production_configuration_passes_check_deploy_without_warnings():
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_behind_a_balancer_the_health_check_answers_over_plain_http(tmp_path):
    """Pages redirect to HTTPS; the balancer's /healthz, sent straight to gunicorn over plain
    HTTP, is answered instead of redirected. And beat's schedule file goes under VAR_DIR, not
    into the release's folder."""
    code = (
        "from django.conf import settings; from django.test import Client; "
        "c = Client(HTTP_HOST='portal.example.org'); "
        "print(c.get('/').status_code, c.get('/healthz').status_code, "
        "settings.CELERY_BEAT_SCHEDULE_FILENAME)"
    )
    result = _run(
        "shell",
        "-c",
        code,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
        VAR_DIR=str(tmp_path),
        DATABASE_URL="",
        REDIS_URL="",
    )

    home, health, schedule = result.stdout.splitlines()[-1].split()
    assert home == "301", result.stderr
    assert health != "301"
    assert schedule == str(tmp_path / "celerybeat-schedule")
