"""Tokens for the personas: ``bearer(user)`` is the header a program would send."""

import pytest

from api import tokens


@pytest.fixture
def bearer():
    def make(user, *, can_write: bool = False, days: int = 30) -> dict:
        _token, raw = tokens.create_token(by=user, label="测试", days=days, can_write=can_write)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
