"""The portal's authentication backend: Django's, but the user of a session comes with their
roles: read with the session itself (``members.sessions``), else in one query
(:func:`members.scope.user_with_assignments`)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from . import scope, sessions


class PortalBackend(ModelBackend):
    def get_user(self, user_id):
        user = sessions.user_read_with_session(user_id) or scope.user_with_assignments(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
