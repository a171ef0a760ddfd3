"""The staff lists' markup, written by templates (components/state_badge.html,
components/campaign_picker.html, selection/dashboard.html): the classes, ids and attributes the
stylesheet, scripts and browser tests rely on, every value escaped, times in local time."""

import datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from members.choices import Role
from members.services import assign_role
from selection.choices import IntegrityVerdict, Phase, State
from selection.models import IntegrityOpinion, Nomination
from selection.templatetags.states import COLOURS
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '张<b>伟</b> & "小张"'
ESCAPED_NAME = "张&lt;b&gt;伟&lt;/b&gt; &amp; &quot;小张&quot;"
#: 23:30 UTC is the next day in Beijing: the rows show the local date and time.
MOMENT = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)


BADGE = "{% load states %}{% state_badge n %}"
PICKER = "{% load pickers %}{% campaign_picker campaigns campaign %}"


def rendered(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_state_badge_is_coloured_by_state_and_labelled_in_the_active_language(language):
    from types import SimpleNamespace

    with translation.override(language):
        for state in State.values:
            made = rendered(BADGE, n=SimpleNamespace(state=state))
            colour = COLOURS.get(state, "text-bg-success")
            label = escape(State(state).label)
            assert made == f'<span class="badge state-{state} {colour}">{label}</span>'
    with translation.override("en"):
        made = rendered(BADGE, n=SimpleNamespace(state="submitted"))
        assert ">Submitted<" in made


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_campaign_picker_is_a_self_submitting_form_of_the_campaigns(city, language):
    campaigns = [
        CampaignFactory(owner=city, title='<script>"二〇二六" & 选树', phase=Phase.SCREENING),
        CampaignFactory(owner=city, phase=Phase.NOMINATING),
        CampaignFactory(owner=city, phase=Phase.NOMINATING),
    ]

    with translation.override(language):
        made = rendered(PICKER, campaigns=campaigns, campaign=campaigns[1])
        label, switch, phase = (
            translation.pgettext("form field: one campaign", "评选活动"),
            translation.gettext("切换"),
            str(Phase.SCREENING.label),
        )

    assert made.startswith('<form method="get" class="campaign-picker mb-3 d-flex flex-wrap')
    assert made.endswith("</form>")
    assert f'<label for="campaign-select" class="form-label mb-0">{label}</label>' in made
    assert (
        '<select name="campaign" id="campaign-select" class="form-select w-auto mw-100"'
        " data-autosubmit>"
    ) in made
    assert " required" not in made
    shown = f"（{phase}）" if language == "zh-hans" else f" ({phase})"
    assert f"&lt;script&gt;&quot;二〇二六&quot; &amp; 选树{shown}</option>" in made
    assert f'<option value="{campaigns[1].pk}" selected>' in made
    assert made.count(" selected") == 1 and made.count("<option") == 3
    assert f'type="submit">{switch}</button></noscript>' in made
    assert ("Campaign" in made) is (language == "en")


def test_the_campaign_picker_is_left_out_for_one_campaign_or_none(city):
    campaign = CampaignFactory(owner=city)

    assert rendered(PICKER, campaigns=[campaign], campaign=campaign).strip() == ""
    assert rendered(PICKER, campaigns=[], campaign=None).strip() == ""


def test_the_secretarys_branches_list_their_nominations_escaped_in_local_time(
    client, secretary, campaign, branch_a1, branch_a2
):
    assign_role(secretary, Role.SECRETARY, branch_a2)
    branch_a2.name = "西区<二>支部"
    branch_a2.save()
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a1, member__name=HOSTILE_NAME
    )
    Nomination.objects.filter(pk=nomination.pk).update(updated_at=MOMENT)
    client.force_login(secretary)

    body = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk}).content.decode()

    url = reverse("selection:nomination_detail", args=[nomination.pk])
    assert (
        f'<tr><td><a href="{url}">{ESCAPED_NAME}</a> '
        f'<small class="text-muted member-no">{nomination.member.member_no}</small></td>'
        f'<td><span class="badge state-draft text-bg-secondary">'
        f"{escape(State.DRAFT.label)}</span></td><td>2026-03-02 07:30</td></tr>"
    ) in body
    assert f'<section class="card mb-3 branch-quota" id="branch-{branch_a2.pk}">' in body
    assert "<strong>西区&lt;二&gt;支部</strong>" in body
    assert '<tr><td colspan="3" class="text-muted">本支部尚未推荐。</td></tr>' in body


@pytest.mark.parametrize("with_opinion", [False, True])
def test_the_admins_rows_show_branch_state_and_integrity_verdict(
    client, admin, campaign, branch_a1, city_admin, with_opinion
):
    nomination = NominationFactory(
        campaign=campaign,
        member__organization=branch_a1,
        member__name=HOSTILE_NAME,
        state=State.SUBMITTED,
    )
    if with_opinion:
        IntegrityOpinion.objects.create(
            nomination=nomination, verdict=IntegrityVerdict.VETO, reason="待核实", by=city_admin
        )
    Nomination.objects.filter(pk=nomination.pk).update(updated_at=MOMENT)
    client.force_login(admin)

    body = client.get(reverse("selection:dashboard"), {"campaign": campaign.pk}).content.decode()

    url = reverse("selection:nomination_detail", args=[nomination.pk])
    # Submitted without an opinion: awaited, as the queue says (``opinions.opinion_pending``).
    awaited = '<span class="text-muted opinion-pending">待出具</span>'
    verdict = escape(IntegrityVerdict.VETO.label) if with_opinion else awaited
    assert (
        f'<tr><td><a href="{url}">{ESCAPED_NAME}</a></td><td>{escape(branch_a1.name)}</td>'
        f'<td><span class="badge state-submitted text-bg-info">'
        f"{escape(State.SUBMITTED.label)}</span></td><td>{verdict}</td>"
        "<td>2026-03-02 07:30</td></tr>"
    ) in body
