"""A signed-in request reads its session, its user and the user's roles in one query
(members.sessions), and never serves a user read for another request."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from members import scope, sessions
from members.backends import PortalBackend
from members.choices import Role
from members.models import Session
from members.services import assign_role
from members.tasks import task_clear_sessions

pytestmark = pytest.mark.django_db


def _session_of(client) -> sessions.SessionStore:
    return sessions.SessionStore(client.cookies["sessionid"].value)


def test_the_session_its_user_and_their_roles_come_in_one_query(
    client, secretary, branch_a1, branch_b1, django_assert_num_queries
):
    assign_role(secretary, Role.REVIEWER, branch_b1)
    client.force_login(secretary)
    store = _session_of(client)

    with django_assert_num_queries(1):
        user_id = store[SESSION_KEY]
        user = PortalBackend().get_user(user_id)
        roles = scope.roles(user)

    assert user == secretary
    assert roles == {Role.SECRETARY, Role.REVIEWER}


def test_signed_in_pages_need_no_cache(client, secretary, settings):
    """As with Redis down: the session, its user and their roles are all in the database."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    client.force_login(secretary)

    response = client.get(reverse("selection:dashboard"))

    assert response.status_code == 200
    assert response.context["user"] == secretary


def test_the_session_row_names_its_user_until_sign_out(client, secretary):
    client.force_login(secretary)
    key = client.cookies["sessionid"].value

    assert Session.objects.get(session_key=key).user_id == secretary.pk

    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=key).exists()


def test_a_user_read_with_one_session_is_not_served_to_the_next(
    client, secretary, admin, django_assert_num_queries
):
    from django.test import Client

    client.force_login(secretary)
    _session_of(client).load()  # read with the secretary, and not taken

    Client().get(reverse("public:gallery"))  # another request, served to its end

    assert sessions.user_read_with_session(secretary.pk) is None
    with django_assert_num_queries(1):  # asked of the database instead
        assert PortalBackend().get_user(secretary.pk) == secretary


def test_a_user_read_with_a_session_is_given_for_that_user_only_and_once(client, secretary, admin):
    client.force_login(secretary)
    _session_of(client).load()

    assert sessions.user_read_with_session(admin.pk) is None
    assert sessions.user_read_with_session(secretary.pk) is None  # the mismatch spent it

    _session_of(client).load()
    assert sessions.user_read_with_session(secretary.pk) == secretary
    assert sessions.user_read_with_session(secretary.pk) is None


def test_the_data_of_the_session_decides_whose_it_is(client, secretary, admin):
    """The row's user is what the query joins, not whose the session is: where the two
    disagree (written by hand), the user of the session's data is read, with one more query."""
    client.force_login(secretary)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(user_id=admin.pk)

    response = client.get(reverse("selection:dashboard"))

    assert response.status_code == 200
    assert response.context["user"] == secretary


def test_an_expired_session_is_not_read(client, secretary):
    client.force_login(secretary)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.get(reverse("selection:dashboard"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_daily_sweep_deletes_expired_sessions_only(client, secretary, admin):
    from django.test import Client

    client.force_login(secretary)
    other = Client()
    other.force_login(admin)
    expired = client.cookies["sessionid"].value
    Session.objects.filter(session_key=expired).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )

    task_clear_sessions()

    assert list(Session.objects.values_list("user_id", flat=True)) == [admin.pk]
