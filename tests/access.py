"""The access matrix: every URL of the portal and the status each persona must get
(run by tests/test_access_matrix.py, reused by tests/security/test_bad_input.py)."""

from django.urls import URLPattern, URLResolver, get_resolver

from api import rules as api_rules
from api import tokens as api_tokens

PERSONAS = [
    "anonymous",
    "admin",
    "other_admin",
    "city_admin",
    "secretary",
    "other_secretary",
    "reviewer",
    "other_reviewer",
    "integrity_officer",
    "other_integrity",
    "auditor",
    "outsider",
]

STAGE_NODE = (
    "evaluations:stage_pool",
    "evaluations:stage_confirm",
    "evaluations:stage_assign",
    "evaluations:stage_withdraw",
    "evaluations:node_committee",
    "evaluations:node_committee_add",
)
#: 逐级推荐: the URLs of one entrant of a node's pool (its screening at a stage).
STAGE_ENTRY = ("evaluations:stage_eligible", "evaluations:stage_ineligible")

# Status per persona, in the order of PERSONAS. "L" = redirect to the login page.
L = "L"
ALL_200 = [200] * len(PERSONAS)

# fmt: off
#            anon adm oadm cadm sec osec rev orev int oint aud out
MATRIX = {
    ("home", "GET"): ALL_200,
    ("healthz", "GET"): ALL_200,
    ("login", "GET"): [200, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302],
    ("logout", "POST"): [302] * len(PERSONAS),
    ("set_language", "POST"): [302] * len(PERSONAS),
    ("keep_alive", "GET"): [L] + [204] * (len(PERSONAS) - 1),
    ("admin:index", "GET"): [302] * len(PERSONAS),
    ("members:list", "GET"): [L, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    ("members:detail", "GET"): [L, 200, 404, 200, 200, 404, 403, 403, 403, 403, 403, 403],
    ("members:link_user", "POST"): [L, 302, 404, 302, 403, 404, 403, 403, 403, 403, 403, 403],
    ("selection:dashboard", "GET"): [L, 200, 200, 200, 200, 200, 403, 403, 200, 200, 403, 403],
    ("selection:nomination_new", "GET"): [L, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403],
    ("selection:screening_queue", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ("selection:screening_approve", "POST"): [L, 302, 302, 302, 403, 403, 403, 403, 403, 403, 403, 403],
    ("selection:integrity_queue", "GET"): [L, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403],
    ("selection:integrity_opinions", "GET"): [L, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403],
    ("selection:nomination_detail", "GET"): [L, 200, 404, 200, 200, 404, 404, 404, 200, 404, 404, 404],
    ("selection:nomination_edit", "GET"): [L, 403, 404, 403, 302, 404, 404, 404, 403, 404, 404, 404],
    ("selection:nomination_submit", "POST"): [L, 403, 404, 403, 302, 404, 404, 404, 403, 404, 404, 404],
    # A draft of branch A1: its secretary deletes it; the admins above see it but may not.
    ("selection:nomination_delete", "POST"): [L, 403, 404, 403, 302, 404, 404, 404, 404, 404, 404, 404],
    ("selection:nomination_return", "POST"): [L, 302, 404, 302, 403, 404, 404, 404, 403, 404, 404, 404],
    ("selection:nomination_eligible", "POST"): [L, 302, 404, 302, 403, 404, 404, 404, 403, 404, 404, 404],
    ("selection:nomination_ineligible", "POST"): [L, 302, 404, 302, 403, 404, 404, 404, 403, 404, 404, 404],
    ("selection:nomination_integrity", "POST"): [L, 403, 404, 403, 403, 404, 404, 404, 400, 404, 404, 404],
    ("selection:nomination_photo", "GET"): [L, 200, 404, 200, 200, 404, 404, 404, 200, 404, 404, 404],
    ("selection:nomination_photo_preview", "GET"): [L, 200, 404, 200, 200, 404, 404, 404, 200, 404, 404, 404],
    ("selection:attachment_add", "POST"): [L, 403, 404, 403, 302, 404, 404, 404, 403, 404, 404, 404],
    ("selection:attachment_download", "GET"): [L, 200, 404, 200, 200, 404, 404, 404, 200, 404, 404, 404],
    ("selection:attachment_delete", "POST"): [L, 403, 404, 403, 302, 404, 404, 404, 403, 404, 404, 404],
    ("selection:campaign_list", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ("selection:campaign_new", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    # An empty form comes back with its errors (200) for an admin who may create one.
    ("selection:campaign_new", "POST"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ("selection:campaign_edit", "GET"): [L, 403, 403, 200, 403, 403, 403, 403, 403, 403, 404, 404],
    # The city's campaign: an admin below the city (东区) sees it but may not save it.
    ("selection:campaign_edit", "POST"): [L, 403, 403, 200, 403, 403, 403, 403, 403, 403, 404, 404],
    ("selection:campaign_phase", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 403, 403, 404, 404],
    # An empty override is refused: the campaign's page again, its fields marked (400).
    ("selection:quota_add", "POST"): [L, 403, 403, 400, 403, 403, 403, 403, 403, 403, 404, 404],
    ("selection:quota_remove", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 403, 403, 404, 404],
    ("evaluations:queue", "GET"): [L, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 403],
    ("evaluations:score", "GET"): [L, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403],
    ("evaluations:autosave", "POST"): [L, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403],
    ("evaluations:conflict", "POST"): [L, 403, 403, 403, 403, 403, 302, 404, 403, 403, 403, 403],
    ("evaluations:photo", "GET"): [L, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403],
    ("evaluations:photo_preview", "GET"): [L, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403],
    ("evaluations:attachment", "GET"): [L, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403],
    ("evaluations:committee", "GET"): [L, 403, 403, 200, 403, 403, 403, 403, 404, 404, 404, 404],
    # Empty boxes are refused: the committee page again, with what was typed and why (400).
    ("evaluations:save_criteria", "POST"): [L, 403, 403, 400, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:add_reviewer", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:remove_reviewer", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:auto_assign", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:assign", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:unassign", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:reopen", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:results", "GET"): [L, 403, 403, 200, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:results", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    # An empty choice is refused: the results page again, with why (400).
    ("evaluations:shortlist", "POST"): [L, 403, 403, 400, 403, 403, 403, 403, 404, 404, 404, 404],
    # As every staff page of a campaign: 403 for a role that sees the campaign, 404 for one
    # that does not (the integrity officers, once it is past screening; 403 while it screens).
    ("evaluations:stages", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:stages_configure", "POST"): [L, 403, 403, 400, 403, 403, 403, 403, 403, 403, 404, 404],
    ("evaluations:stage_pool", "GET"): [L, 200, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:stage_pool", "POST"): [L, 302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    # An empty choice is refused: the pool's page again, with why (400).
    ("evaluations:stage_confirm", "POST"): [L, 400, 404, 400, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:stage_assign", "POST"): [L, 302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    # No reason given: the pool's page again, the error at the field (400).
    ("evaluations:stage_withdraw", "POST"): [L, 400, 404, 400, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:stage_eligible", "POST"): [L, 302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:stage_ineligible", "POST"): [L, 302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:node_committee", "GET"): [L, 200, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:node_committee_add", "POST"): [L, 302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    # The seat holds a submitted card: removal is refused with a message, for each admin alike.
    ("evaluations:node_committee_remove", "POST"): [L, 302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:cards", "GET"): [L, 403, 403, 200, 403, 403, 403, 403, 404, 404, 404, 404],
    ("evaluations:survey", "GET"): [L, 200, 404, 200, 200, 404, 404, 404, 403, 404, 404, 404],
    ("evaluations:survey_sheet", "GET"): [L, 200, 404, 200, 200, 404, 404, 404, 403, 404, 404, 404],
    ("evaluations:survey_public", "GET"): ALL_200,
    ("evaluations:survey_thanks", "GET"): ALL_200,
    ("selection:notice_manage", "GET"): [L, 403, 403, 200, 403, 403, 403, 403, 404, 404, 404, 404],
    ("selection:notice_open", "POST"): [L, 403, 403, 400, 403, 403, 403, 403, 404, 404, 404, 404],
    ("selection:objection_resolve", "POST"): [L, 403, 403, 400, 403, 403, 403, 403, 404, 404, 404, 404],
    ("selection:notice_approve", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("selection:campaign_conclude", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("selection:consent", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("selection:profile_create", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("selection:profile_edit", "GET"): [L, 403, 404, 200, 403, 404, 404, 404, 404, 404, 404, 404],
    ("selection:profile_photo", "GET"): [L, 403, 404, 200, 403, 404, 404, 404, 404, 404, 404, 404],
    ("selection:profile_photo_preview", "GET"): [L, 403, 404, 200, 403, 404, 404, 404, 404, 404, 404, 404],
    ("selection:profile_publish", "POST"): [L, 403, 404, 302, 403, 404, 404, 404, 404, 404, 404, 404],
    ("selection:profile_unpublish", "POST"): [L, 403, 404, 302, 403, 404, 404, 404, 404, 404, 404, 404],
    ("selection:revoke", "POST"): [L, 403, 403, 400, 403, 403, 403, 403, 404, 404, 404, 404],
    ("archives:campaign", "GET"): [L, 403, 403, 200, 403, 403, 403, 403, 404, 404, 404, 404],
    ("archives:confirm", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 404, 404, 404, 404],
    ("archives:bundle", "GET"): [L, 403, 403, 200, 403, 403, 403, 403, 404, 404, 404, 404],
    ("public:notice_list", "GET"): ALL_200,
    ("public:notice_detail", "GET"): ALL_200,
    ("public:notice_print", "GET"): ALL_200,
    ("public:objection", "GET"): ALL_200,
    ("public:gallery", "GET"): ALL_200,
    ("public:gallery_detail", "GET"): ALL_200,
    # Without its version (?v=) an image's URL sends to the current one.
    ("public:gallery_image", "GET"): [302] * len(PERSONAS),
    ("password_change", "GET"): [L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("password_change_done", "GET"): [L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("selection:calendar", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ("selection:calendar_remove", "POST"): [L, 403, 403, 302, 403, 403, 403, 403, 403, 403, 403, 403],
    ("audit:list", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403],
    ("audit:export", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403],
    # Nobody here has a second factor: the code page sends them home.
    ("otp_verify", "GET"): [L, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302],
    ("otp_setup", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ("otp_setup", "POST"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ("otp_verify", "POST"): [L, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302],
    ("otp_disable", "POST"): [L, 302, 302, 302, 403, 403, 403, 403, 403, 403, 403, 403],
    ("members:roster", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ("members:roster_template", "GET"): [L, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ("members:roster_upload", "POST"): [L, 302, 302, 302, 403, 403, 403, 403, 403, 403, 403, 403],
    # The import is the admin's own.
    ("members:roster_preview", "GET"): [L, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    ("members:roster_confirm", "POST"): [L, 302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    ("members:roster_discard", "POST"): [L, 302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    ("members:roster_export", "GET"): [L, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    ("reports:list", "GET"): [L, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403],
    ("reports:new", "POST"): [L, 400, 400, 400, 400, 400, 403, 403, 403, 403, 403, 403],
    # The job is the secretary's: everyone else is told it does not exist.
    ("reports:row", "GET"): [L, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404],
    ("reports:download", "GET"): [L, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404],
    ("reports:retry", "POST"): [L, 404, 404, 404, 302, 404, 404, 404, 404, 404, 404, 404],
    # A sign-in reminder is its recipient's (the reviewer's) alone.
    ("reminders:dismiss", "POST"): [L, 404, 404, 404, 404, 404, 302, 404, 404, 404, 404, 404],
    # Personal API tokens: everyone's own page; an admin also revokes tokens of their subtree.
    ("api_tokens", "GET"): [L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("api_token_new", "POST"): [L, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
    ("api_token_revoke", "POST"): [L, 302, 404, 302, 302, 404, 404, 404, 404, 404, 404, 404],
    # The API, called with each persona's own token (admins' made for writing); 401 = no token.
    # A token sees what its user sees on the pages: the auditor, no campaign (404).
    ("api:api-root", "GET"): ALL_200,
    ("api:openapi-json", "GET"): ALL_200,
    ("api:openapi-view", "GET"): ALL_200,
    ("api:public_profiles", "GET"): ALL_200,
    ("api:public_profile", "GET"): ALL_200,
    ("api:public_notices", "GET"): ALL_200,
    ("api:public_notice", "GET"): ALL_200,
    ("api:public_revocations", "GET"): ALL_200,
    ("api:public_calendar", "GET"): ALL_200,
    ("api:me", "GET"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("api:campaigns", "GET"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("api:campaign", "GET"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404],
    ("api:campaign_results", "GET"): [401, 403, 403, 200, 403, 403, 403, 403, 404, 404, 404, 404],
    ("api:nominations", "GET"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ("api:nomination", "GET"): [401, 200, 404, 200, 200, 404, 404, 404, 200, 404, 404, 404],
    ("api:nomination_survey", "GET"): [401, 200, 404, 200, 200, 404, 404, 404, 403, 404, 404, 404],
    ("api:reports", "GET"): [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    # An empty request: refused for what it lacks once the token is known.
    ("api:reports", "POST"): [401, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
    ("api:report", "GET"): [401, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404],
    ("api:report_file", "GET"): [401, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404],
    # Writing: admins with a write token only, decided before the body is read.
    ("api:roster_imports", "POST"): [401, 422, 422, 422, 403, 403, 403, 403, 403, 403, 403, 403],
    ("api:roster_import", "GET"): [401, 200, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403],
    ("api:roster_confirm", "POST"): [401, 400, 404, 404, 403, 403, 403, 403, 403, 403, 403, 403],
}

#: The pages of a campaign in preparation (筹备) owned by the city, by its id: only its admins
#: (the city's) see it; for everyone else, the admins below the city included, it does not
#: exist until it opens (404, as any campaign outside their scope), whatever their role.
#            anon adm oadm cadm sec osec rev orev int oint aud out
DRAFT_MATRIX = {
    ("selection:campaign_edit", "GET"): [L, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("selection:campaign_edit", "POST"): [L, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("selection:campaign_phase", "POST"): [L, 404, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    ("selection:quota_add", "POST"): [L, 404, 404, 400, 404, 404, 404, 404, 404, 404, 404, 404],
    ("selection:quota_remove", "POST"): [L, 404, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:committee", "GET"): [L, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:results", "GET"): [L, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:stages", "GET"): [L, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("evaluations:stages_configure", "POST"): [L, 404, 404, 400, 404, 404, 404, 404, 404, 404, 404, 404],
    ("selection:notice_manage", "GET"): [L, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("api:campaign", "GET"): [401, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
    ("api:campaign_results", "GET"): [401, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404],
}
# fmt: on


def token_header(user) -> dict:
    """The header a program sends with this user's token (an admin's made for writing)."""
    _token, raw = api_tokens.create_token(
        by=user, label="访问矩阵", days=30, can_write=api_rules.may_write(user)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                yield "admin:index"
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"
