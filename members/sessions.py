"""Sessions in the database, each read with its user and the user's roles in one query
(``SESSION_ENGINE = "members.sessions"``), and with them the numbers of ``members.versions``.

Every signed-in request reads its session, then its user. With the session in Redis (Django's
``cached_db``) and the user in PostgreSQL, that was two round trips before the view's own work:
0.6–0.7 ms on the benchmark's machine, where a whole trivial response takes 0.24 ms. Here the
session's row names its user (``members.models.Session.user``), and reading the session reads
the user with it; the authentication backend (``members.backends``) takes that user instead of
asking again. Django still checks the session against the user as it always does (the password
hash kept in the session, ``is_active``), on the user read in the same query, so nothing is
served from an earlier read. With Redis down, sessions are unaffected.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.core.signals import request_finished
from django.db.models import Subquery
from django.db.models.functions import Now

from config.statements import Statement

from . import scope, versions
from .models import DataVersion, Session, User

_SESSION = Statement(
    lambda key: (
        Session.objects.select_related("user")
        .annotate(
            role_pairs=scope.role_pairs("user_id"),
            campaigns_version=Subquery(
                DataVersion.objects.filter(name=versions.CAMPAIGNS).values("number")
            ),
        )
        .filter(session_key=key, expire_date__gt=Now())
    ),
    str,
)

#: The user read with the session being served (None: none was), for the backend's
#: ``get_user``, which Django calls with the user's id only. Taken once; emptied when the
#: response is done.
_read_with_session: ContextVar[User | None] = ContextVar("read_with_session", default=None)


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        return Session

    def _get_session_from_db(self):
        _read_with_session.set(None)
        versions.read_with_session(None)
        found = _SESSION.objects(self.session_key) if self.session_key else []
        if not found:
            self._session_key = None
            return None
        session = found[0]
        versions.read_with_session({versions.CAMPAIGNS: session.campaigns_version})
        if session.user is not None:
            scope.keep_assignments(session.user, session.role_pairs)
            _read_with_session.set(session.user)
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session


def _user_id(value) -> int | None:
    """The user's id as the session's data keeps it (text), as a column holds it."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def user_read_with_session(user_id) -> User | None:
    """The user read with this request's session, if it is user ``user_id``; once."""
    user = _read_with_session.get()
    _read_with_session.set(None)
    if user is not None and str(user.pk) == str(user_id):
        return user
    return None


def _forget(**kwargs) -> None:
    _read_with_session.set(None)
    versions.read_with_session(None)


request_finished.connect(_forget, dispatch_uid="members.sessions.forget")
