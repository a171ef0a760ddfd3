"""Every form and search box of the portal, fed oversized, malformed and script-carrying input:
a message or a 4xx, never a 500, and nothing reflected as live markup.

Built on the access matrix: each POST URL is exercised by the first persona allowed to use it,
with every field name the portal's forms use, all set to the same hostile value.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.access import MATRIX, PERSONAS
from tests.test_access_matrix import world  # noqa: F401  (fixture)

SCRIPT = "<script>alert('x')</script>"
HOSTILE = {
    "oversized": "长" * 100_000,
    "script": SCRIPT + '<img src=x onerror="alert(1)">',
    "nul": "abc\x00def",
    "negative": "-1",
    "huge-number": "9" * 60,
    "sql": "' OR 1=1 --",
    "template": "{{ 7|add:7 }}{% debug %}",
    "format": "%s%s%s%(x)s",
    "not-a-date": "2026-02-30",
    "last-date": "9999-12-31",
    "first-date": "0001-01-01",
}
FIELDS = [
    "reason",
    "override_reason",
    "verdict",
    "text",
    "name",
    "contact",
    "wording",
    "count",
    "decision",
    "user",
    "cap",
    "phase",
    "organization",
    "kind",
    "value",
    "title",
    "summary",
    "story",
    "tags",
    "year",
    "deeds",
    "deeds_summary",
    "branch_opinion",
    "branch_meeting_date",
    "evidence_political",
    "evidence_performance",
    "evidence_public",
    "evidence_integrity",
    "starts_on",
    "working_days",
    "nomination",
    "member",
    "action",
    "veto",
    "veto_reason",
    "chosen",
    "date",
    "note",
    "quota_kind",
    "quota_value",
    "language",
    "next",
    "username",
    "password",
    "old_password",
    "new_password1",
    "new_password2",
    "political",
    "performance",
    "public",
    "integrity",
    "overall",
    "website",
    "q",
    "c1-name",
    "c1-max_points",
    "c1-rubric",
    "campaign",
    "token",
    "nominations",
    "opens_at",
    "nominating_deadline",
    "screening_deadline",
    "reviewing_deadline",
    "reference_date",
    "document",
    "notice_days",
    "confirm",
    "stage",
]
POSTS = [(name, expected) for (name, method), expected in MATRIX.items() if method == "POST"]


def _allowed(expected):
    """The first signed-in persona that may use the URL (2xx, 3xx, or 400: a form again)."""
    for persona, status in zip(PERSONAS, expected, strict=True):
        if persona != "anonymous" and status in (200, 302, 400):
            return persona
    return "anonymous"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize(("name", "expected"), POSTS, ids=[n for n, _ in POSTS])
def test_hostile_posts_never_fail_with_a_server_error(client, world, name, expected, kind):  # noqa: F811
    people, args = world
    persona = _allowed(expected)
    if people[persona] is not None:
        client.force_login(people[persona])
    data = {field: HOSTILE[kind] for field in FIELDS}
    data["file"] = SimpleUploadedFile("x.pdf", HOSTILE[kind].encode("utf-8", "replace"))
    data["photo"] = SimpleUploadedFile("x.jpg", b"MZ" + b"\x00" * 64)

    response = client.post(reverse(name, args=args.get(name, [])), data, follow=True)

    assert response.status_code < 500
    assert SCRIPT not in response.content.decode("utf-8", "replace")


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


SEARCHES = [
    ("members:list", "admin", {"q": None, "after": None, "before": None}),
    ("selection:dashboard", "admin", {"campaign": None, "state": None, "page": None}),
    ("selection:nomination_new", "secretary", {"campaign": None, "q": None, "member": None}),
    ("selection:nomination_photo_preview", "secretary", {"v": None}),
    ("evaluations:photo_preview", "reviewer", {"v": None}),
    ("selection:profile_photo_preview", "city_admin", {"v": None}),
    ("selection:screening_queue", "admin", {"campaign": None, "page": None}),
    ("selection:integrity_queue", "integrity_officer", {"campaign": None, "page": None}),
    ("selection:integrity_opinions", "integrity_officer", {"campaign": None, "page": None}),
    ("evaluations:queue", "reviewer", {"state": None, "page": None}),
    ("evaluations:results", "city_admin", {"page": None, "picked": None, "chosen": None}),
    ("evaluations:committee", "city_admin", {"q": None, "page": None}),
    ("evaluations:node_committee", "admin", {"q": None}),
    (
        "audit:list",
        "auditor",
        {"actor": None, "verb": None, "target": None, "since": None, "until": None},
    ),
    ("reports:list", "admin", {"campaign": None, "page": None}),
    ("members:roster_export", "admin", {"unmasked": None}),
    (
        "public:gallery",
        "anonymous",
        {"q": None, "year": None, "org": None, "tag": None, "page": None},
    ),
    ("public:notice_detail", "anonymous", {"q": None, "page": None}),
    ("keep_alive", "secretary", {"next": None, "v": None}),
    ("evaluations:survey_thanks", "anonymous", {"code": None}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize(("name", "persona", "params"), SEARCHES, ids=[s[0] for s in SEARCHES])
def test_hostile_query_strings_never_fail(client, world, name, persona, params, kind):  # noqa: F811
    people, args = world
    if people[persona] is not None:
        client.force_login(people[persona])

    response = client.get(
        reverse(name, args=args.get(name, [])), dict.fromkeys(params, HOSTILE[kind])
    )

    assert response.status_code < 500
    assert SCRIPT not in _body(response)


# What str.isdigit takes and int refuses (², ①), or reads as another spelling (Arabic-Indic).
OTHER_DIGITS = {"superscript": "²", "circled": "①", "arabic-indic": "١٢", "year-like": "²²²²"}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(OTHER_DIGITS))
@pytest.mark.parametrize(("name", "persona", "params"), SEARCHES, ids=[s[0] for s in SEARCHES])
def test_other_digits_in_query_strings_never_fail(client, world, name, persona, params, kind):  # noqa: F811
    people, args = world
    if people[persona] is not None:
        client.force_login(people[persona])

    response = client.get(
        reverse(name, args=args.get(name, [])), dict.fromkeys(params, OTHER_DIGITS[kind])
    )

    assert response.status_code < 500
    _body(response)  # read to its end: a streamed file is closed


# --- The API (tokens instead of sessions) --------------------------------------------------------

API_QUERIES = [
    ("api:public_profiles", "anonymous", ["q", "year", "org", "tag", "page", "page_size"]),
    ("api:public_calendar", "anonymous", ["year", "lang"]),
    ("api:public_revocations", "anonymous", ["lang"]),
    ("api:public_profile", "anonymous", ["lang"]),
    ("api:campaigns", "admin", ["page", "page_size", "lang"]),
    ("api:nominations", "admin", ["campaign", "state", "branch", "page", "page_size"]),
    ("api:campaign_results", "city_admin", ["page", "page_size"]),
    ("api:reports", "secretary", ["page", "page_size"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize(
    ("name", "persona", "params"), API_QUERIES, ids=[q[0] for q in API_QUERIES]
)
def test_hostile_api_query_strings_never_fail(client, world, name, persona, params, kind):  # noqa: F811
    from tests.access import token_header

    people, args = world
    headers = token_header(people[persona]) if people[persona] is not None else {}

    response = client.get(
        reverse(name, args=args.get(name, [])), dict.fromkeys(params, HOSTILE[kind]), **headers
    )

    assert response.status_code < 500
    assert SCRIPT not in _body(response)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_api_bodies_never_fail(client, world, kind):  # noqa: F811
    from tests.access import token_header

    people, _args = world
    value = HOSTILE[kind]
    secretary, admin = token_header(people["secretary"]), token_header(people["admin"])

    asked = client.post(
        reverse("api:reports"),
        {
            "kind": value,
            "campaign": value,
            "organization": value,
            "nomination": value,
            "stage": value,
        },
        content_type="application/json",
        **secretary,
    )
    uploaded = client.post(
        reverse("api:roster_imports"),
        {"kind": value, "file": SimpleUploadedFile("名册.xlsx", value.encode("utf-8", "replace"))},
        **admin,
    )
    client.force_login(people["secretary"])
    token = client.post(
        reverse("api_token_new"), {"label": value, "days": value, "can_write": value}
    )

    for response in (asked, uploaded, token):
        assert 400 <= response.status_code < 500
        assert SCRIPT not in _body(response)


@pytest.mark.django_db
def test_an_audit_filter_until_the_last_day_is_a_message_not_an_error(client, auditor):
    client.force_login(auditor)

    response = client.get(reverse("audit:list"), {"until": "9999-12-31"})

    assert response.status_code == 400
    assert "日期须在 1900-01-01 至 2199-12-31 之间" in response.content.decode()
    export = client.get(reverse("audit:export"), {"since": "0001-01-01"})
    assert export.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["0", "-1", "9" * 60, "abc", SCRIPT])
def test_a_node_committee_refuses_a_bad_reviewer_with_a_message(client, world, user):  # noqa: F811
    """The node committee's form: no such reviewer (or no number at all), a message."""
    from evaluations.models import Reviewer

    people, args = world
    client.force_login(people["admin"])
    seats = Reviewer.objects.count()

    response = client.post(
        reverse("evaluations:node_committee_add", args=args["evaluations:node_committee_add"]),
        {"user": user, "cap": "-5"},
        follow=True,
    )

    assert response.status_code == 200
    assert Reviewer.objects.count() == seats
    assert SCRIPT not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "\x00"])
def test_a_stage_s_ineligible_verdict_without_a_reason_is_a_message(client, world, reason):  # noqa: F811
    """逐级推荐: screening an entrant of a node's pool again, the reason missing."""
    people, args = world
    client.force_login(people["admin"])

    response = client.post(
        reverse("evaluations:stage_ineligible", args=args["evaluations:stage_ineligible"]),
        {"reason": reason},
        follow=True,
    )

    assert response.status_code == 200
    assert "请填写理由" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["evaluations:stage_eligible", "evaluations:stage_ineligible"])
def test_a_stage_s_screening_of_a_nomination_not_in_the_pool_is_not_found(client, world, name):  # noqa: F811
    """The entrant's number, another campaign's nomination or none at all: not found."""
    people, args = world
    client.force_login(people["admin"])
    campaign, position, node, _entrant = args[name]
    other = args["selection:nomination_detail"][0]

    for nomination in (other, 0, 99_999_999):
        response = client.post(
            reverse(name, args=[campaign, position, node, nomination]), {"reason": "理由"}
        )
        assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["0", "-1", "abc", "1e3", "9" * 19, "9" * 30, "%00"])
def test_deleting_a_draft_by_a_bad_number_is_not_found(client, world, pk):  # noqa: F811
    """删除草稿 with no such nomination, or no number at all: 404 (a NUL: 400, refused before
    any look-up), and the draft is kept."""
    from selection.models import Nomination

    people, args = world
    client.force_login(people["secretary"])

    response = client.post(f"/nominations/{pk}/delete/")

    assert response.status_code == (400 if pk == "%00" else 404)
    assert Nomination.objects.filter(pk=args["selection:nomination_delete"][0]).exists()
