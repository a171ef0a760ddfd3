"""URL converters. ``<id:pk>`` is Django's ``<int:…>`` bounded to what a database key can hold
(a signed 64-bit integer, PostgreSQL's bigint and SQLite's INTEGER): a larger number does not
match, so the URL is a 404 instead of an overflow in the query (a 500)."""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # no match: Django answers 404
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")


def is_number(value: str) -> bool:
    """Whether ``value`` is a whole number written in ASCII digits, as a parameter carrying an id
    or a year is. ``str.isdigit`` alone also takes ² and ①, which ``int`` refuses (a 500), and
    other scripts' digits, which ``int`` reads: a second spelling of the same parameter."""
    return value.isascii() and value.isdigit()
