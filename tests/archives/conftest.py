"""The concluded year of the report tests (tests/reports/conftest.py) is the year archived here."""

from tests.reports.conftest import panel, year  # noqa: F401  (fixtures)
