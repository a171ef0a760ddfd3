"""English headings that name what they head: the committee's criteria (four of them), the
reviewer's task list (its campaigns), the objections' text."""

import re

import pytest
from django.urls import reverse

from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory, card

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_committee_page_heads_its_criteria_and_members_in_the_plural(english, city, city_admin):
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING)
    english.force_login(city_admin)

    body = english.get(reverse("evaluations:committee", args=[campaign.pk])).content.decode()

    assert '<h2 class="h5">Criteria</h2>' in body
    assert '<h2 class="h5">Committee members</h2>' in body


def test_the_reviewer_s_task_list_names_its_campaigns_and_counts_each(
    english, city, branch_a1, reviewer
):
    """One campaign at a time (tests/evaluations/test_queue_campaigns.py): the tabs of the
    reviewer's campaigns are named Campaigns, each with its own counts."""
    nominations = [
        NominationFactory(
            campaign=CampaignFactory(owner=city, phase=phase, year=year),
            member__organization=branch_a1,
            state=State.IN_REVIEW,
        )
        for phase, year in ((Phase.REVIEWING, 2026), (Phase.CONCLUDED, 2025))
    ]
    card(nominations[0], reviewer, {}, submitted=False)
    card(nominations[1], reviewer, {})
    english.force_login(reviewer)

    body = english.get(reverse("evaluations:queue")).content.decode()

    assert nominations[0].member.name in body
    assert '<nav aria-label="Campaigns">' in body
    assert "0 of 1 submitted · 1 to do" in body and "1 of 1 submitted" in body


def test_the_notice_page_heads_the_objections_text_as_the_objection(english, running, city_admin):
    english.force_login(city_admin)

    body = english.get(reverse("selection:notice_manage", args=[running.campaign_id]))

    assert "<th>Objection</th>" in body.content.decode()
    assert "What you report" not in body.content.decode()


def test_the_nomination_page_heads_one_rule_a_row_and_its_buttons_are_actions(
    english, submitted, city_admin
):
    english.force_login(city_admin)

    body = english.get(reverse("selection:nomination_detail", args=[submitted.pk])).content.decode()

    assert "<th>Rule</th><th>Result</th><th>Grounds</th>" in body
    buttons = re.findall(r'<button type="submit" class="btn btn-sm [^"]*">(.*?)</button>', body)
    assert buttons[:3] == ["Declare eligible", "Return for revision", "Declare ineligible"]


@pytest.mark.parametrize(
    ("page", "wanted", "gone"),
    [
        ("reports:list", "<thead><tr><th>Report</th>", "<th>Reports</th>"),
        ("selection:campaign_new", "Send deadline reminders", "Deadline reminder sent"),
    ],
    ids=["one report a row", "the reminders box says what it does"],
)
def test_an_admin_page_names_what_it_shows(english, city_admin, page, wanted, gone):
    english.force_login(city_admin)

    body = english.get(reverse(page)).content.decode()

    assert (wanted in body, gone in body) == (True, False)


def test_the_integrity_error_names_the_choices_as_offered(english, submitted, integrity_officer):
    english.force_login(integrity_officer)

    response = english.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]), {"reason": ""}
    )

    body = response.content.decode()
    assert "Choose an integrity opinion (Pass or Veto)." in body
    assert re.findall(r'<label class="form-check-label" for="[^"]+">(.*?)</label>', body)[:2] == [
        "Pass",
        "Veto",
    ]


def test_the_review_s_way_back_names_the_phase_as_the_portal_does(english, shortlisted, city_admin):
    english.force_login(city_admin)
    campaign = shortlisted[0].campaign

    body = english.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()

    assert "the campaign cannot go back to &quot;Screening&quot;." in body
    assert "Eligibility screening" not in body


def test_a_gallery_filter_that_finds_nothing_says_so_in_english(english):
    body = english.get(reverse("public:gallery"), {"year": "1900"}).content.decode()

    assert 'No exemplars match the filter. <a href="/gallery/">Clear the filter</a>' in body


def test_the_nominations_heading_names_the_phase_as_a_phase(english, campaign, city_admin):
    """The page is 推荐 and so is the phase: the badge says it is the phase, in either
    language, rather than repeating the page's name."""
    english.force_login(city_admin)

    body = english.get(reverse("selection:dashboard")).content.decode()
    english.cookies["django_language"] = "zh-hans"
    chinese = english.get(reverse("selection:dashboard")).content.decode()

    badge = '<span class="badge text-bg-primary phase-badge">Phase: Nominations</span>'
    assert f"Nominations · {campaign.title} {badge}" in body
    assert '<span class="badge text-bg-primary phase-badge">阶段：推荐</span>' in chinese


def test_a_refusal_names_the_failed_rules_in_english_punctuation():
    """A screening refused for its failed rules lists them as English writes them, not with
    Chinese brackets and semicolons."""
    from django.utils import translation

    from selection.eligibility import RuleResult, named_rules

    failures = [
        RuleResult("age", "Age", False, "61 years old"),
        RuleResult("years", "Party standing", False, "2 years"),
    ]
    with translation.override("en"):
        english = named_rules(failures)
    with translation.override("zh-hans"):
        chinese = named_rules(failures)

    assert english == "Age (61 years old); Party standing (2 years)"
    assert chinese == "Age（61 years old）；Party standing（2 years）"
