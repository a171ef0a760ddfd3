"""Schema-driven fuzzing (schemathesis) of the whole API against the live test server: no
answer is a 5xx, and every answer matches the schema (status, content type, body). Bounded:
a few examples per operation, about a minute on two cores."""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from api import tokens
from api.main import api
from selection import gallery, notice
from tests.factories import CampaignFactory, NominationFactory


@pytest.fixture
def live_api(live_server, settings, city, city_admin, branch_a1):
    """A live server with something behind each endpoint, and a city admin's write token."""
    settings.API_RATE_PER_ADDRESS = settings.API_RATE_PER_TOKEN = 100_000
    campaign = CampaignFactory(owner=city, phase="reviewing")
    NominationFactory(campaign=campaign, member__organization=branch_a1, state="shortlisted")
    notice.open_notice(
        campaign, starts_on=datetime.date.today(), working_days=5, contact="组织部", by=city_admin
    )
    approved = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state="approved"
    )
    gallery.record_consent(approved, wording="同意公开。", by=city_admin)
    gallery.publish(gallery.create_profile(approved, by=city_admin), by=city_admin)
    _token, raw = tokens.create_token(by=city_admin, label="fuzz", days=30, can_write=True)
    return live_server.url, raw


#: No 5xx, and nothing outside the schema: undocumented statuses, content types or headers, or
#: a body that does not match. (Not "reject every request the schema would not send": unknown
#: query parameters are ignored, as HTTP APIs do.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
#: The document /api/v1/schema/ serves (tests/api/test_schema.py checks that it is valid).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))


@schema.parametrize()
@hypothesis_settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_fails_and_always_answers_its_schema(case, live_api):
    url, raw = live_api

    case.call_and_validate(base_url=url, headers={"Authorization": f"Bearer {raw}"}, checks=CHECKS)
