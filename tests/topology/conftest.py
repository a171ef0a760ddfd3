"""A deployment of two web hosts and a worker on one PostgreSQL, one Redis and one object store
(tests/topology/processes.py), started once per test session; and a browser that signs in on
either host through the login form."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlparse, urlunparse

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from config.storage import with_object_store

from .processes import WORKER_INDEX, ObjectStore, Process, WebHost, Worker, portal_env

#: The hosts' password hashes must be readable without the tests' fast (MD5) hasher.
PASSWORD = "Topology-demo-2026"


def topology_redis_url() -> str:
    """The Redis database of the deployment under test: TOPOLOGY_REDIS_URL, else the database
    after REDIS_URL's (plus the xdist worker's number), so that its queue and keys never mix with
    the tests' own or another worker's deployment."""
    if os.getenv("TOPOLOGY_REDIS_URL"):
        return os.environ["TOPOLOGY_REDIS_URL"]
    url = urlparse(os.environ["REDIS_URL"])
    number = int(url.path.strip("/") or 0) + 1 + WORKER_INDEX
    return urlunparse(url._replace(path=f"/{number % 16}"))


def database_url_of(name: str) -> str:
    return urlunparse(urlparse(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


@dataclass
class Topology:
    store: ObjectStore
    a: WebHost
    b: WebHost
    worker: Worker

    @property
    def processes(self) -> list[Process]:
        return [self.a.process, self.b.process, self.worker.process]


@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    store = ObjectStore(tmp_path_factory.mktemp("object-store"))
    store.start()
    yield store
    store.stop()


@pytest.fixture(scope="session")
def topology(object_store, django_db_setup, tmp_path_factory):
    from django.conf import settings

    folder = tmp_path_factory.mktemp("hosts")
    database_url = database_url_of(settings.DATABASES["default"]["NAME"])
    redis_url = topology_redis_url()
    redis.Redis.from_url(redis_url).flushdb()

    def env(name):
        return portal_env(
            var_dir=folder / name / "var",
            database_url=database_url,
            redis_url=redis_url,
            store=object_store,
        )

    deployment = Topology(
        store=object_store,
        a=WebHost("host A", env("a"), folder / "a.log"),
        b=WebHost("host B", env("b"), folder / "b.log"),
        worker=Worker(env("worker"), folder / "worker.log"),
    )
    try:
        for part in (deployment.a, deployment.b, deployment.worker):
            part.start()
        yield deployment
    finally:
        for process in deployment.processes:
            process.stop()


@pytest.fixture
def deployment(topology, transactional_db, settings):
    """The running deployment; this test process writes to the same object store (factories'
    photos) and its rows are committed, so the hosts see them."""
    settings.STORAGES = with_object_store(settings.STORAGES, topology.store.env())
    redis.Redis.from_url(topology_redis_url()).flushdb()  # lockouts and cached pages
    yield topology
    for process in topology.processes:
        assert process.alive(), f"{process.name} died:\n{process.tail()}"


def can_sign_in(user) -> None:
    """Give ``user`` a password hash every host can check."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "topologysalt", iterations=1000)
    user.save(update_fields=["password"])


class Browser:
    """One person's browser behind a load balancer: one cookie jar, whichever host answers."""

    TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self):
        self.session = requests.Session()

    def get(self, host: WebHost, path: str, **kwargs) -> requests.Response:
        return self.session.get(host.url + path, timeout=60, **kwargs)

    def post(self, host: WebHost, path: str, data=None, **kwargs) -> requests.Response:
        data = {**(data or {}), "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}
        headers = {"Referer": host.url + path}
        return self.session.post(host.url + path, data=data, headers=headers, timeout=60, **kwargs)

    def sign_in(self, host: WebHost, username: str, password: str = PASSWORD):
        page = self.get(host, "/accounts/login/")
        token = self.TOKEN.search(page.text)
        assert token, page.text[:500]
        return self.session.post(
            host.url + "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
            headers={"Referer": host.url + "/accounts/login/"},
            timeout=60,
        )


@pytest.fixture
def browser():
    browser = Browser()
    yield browser
    browser.session.close()
