import gc
import weakref

import pytest
from django.template import engines
from django.template.backends.django import Template as DjangoTemplate
from django.test import RequestFactory


class Row:
    """Something a view hands its template, that can be watched for being freed."""

    def __str__(self) -> str:
        return "row"


@pytest.fixture
def no_collector():
    """Only reference counting frees objects while the test runs."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_what_a_page_was_handed_is_freed_once_it_is_rendered(no_collector, rf: RequestFactory):
    template = engines["django"].from_string("{% for row in rows %}{{ row }}{% endfor %}")
    rows = [Row(), Row()]
    watched = weakref.ref(rows[0])

    assert template.render({"rows": rows}, rf.get("/")) == "rowrow"
    del rows

    assert watched() is None


def test_djangos_own_backend_leaves_it_to_the_collector(no_collector, rf: RequestFactory):
    """Why the backend exists: the context and its dicts refer to each other."""
    ours = engines["django"].from_string("{{ row }}")
    template = DjangoTemplate(ours.template, ours.backend)
    row = Row()
    watched = weakref.ref(row)

    assert template.render({"row": row}, rf.get("/")) == "row"
    del row

    assert watched() is not None
    gc.collect()
    assert watched() is None


def test_the_test_client_still_sees_what_a_page_was_handed(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert "form" in response.context
