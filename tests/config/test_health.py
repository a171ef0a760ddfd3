import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from config import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["cache"] == "ok"


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert response.json()["status"] == "unavailable"


def test_healthz_says_tasks_run_eagerly_without_a_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    assert client.get(reverse("healthz")).json()["workers"] == {"state": "eager", "count": 0}


def test_many_anonymous_calls_cost_one_worker_ping(client, settings, monkeypatch):
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    pings = []

    def ping(timeout):
        pings.append(timeout)
        return [{"worker@host": {"ok": "pong"}}]

    monkeypatch.setattr(app.control, "ping", ping)

    answers = [client.get(reverse("healthz")) for _ in range(20)]

    assert len(pings) == 1
    assert {a.status_code for a in answers} == {200}
    assert answers[-1].json()["workers"] == {"state": "ok", "count": 1}
