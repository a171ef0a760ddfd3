"""Taking a campaign back a phase: refused where it would leave nominations in a state the
earlier phase cannot handle (``selection.phases.backward_blocker``), and not offered then."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Scorecard
from selection import services
from selection.choices import Phase, State
from selection.errors import SelectionError
from selection.models import Campaign, PublicNotice
from tests.factories import CampaignFactory, NominationFactory, UserFactory, card, scores

pytestmark = pytest.mark.django_db

REASON = "误操作，需要回到上一阶段。"


def _phase_options(html: str) -> list[str]:
    select = html.split('name="phase"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('value="')[1:]]


@pytest.fixture
def reviewing(city):
    return CampaignFactory(owner=city, phase=Phase.REVIEWING)


@pytest.fixture
def in_review(reviewing, branch_a1):
    return NominationFactory(
        campaign=reviewing, member__organization=branch_a1, state=State.IN_REVIEW
    )


# --- 公示 → 评审 -------------------------------------------------------------------------------


def test_the_admin_cannot_take_a_published_notice_back_to_review(
    client, city_admin, running, shortlisted
):
    campaign = running.campaign
    client.force_login(city_admin)
    url = reverse("selection:campaign_phase", args=[campaign.pk])

    response = client.post(
        url, {"phase": Phase.REVIEWING, "confirmed": "True", "reason": REASON}, follow=True
    )

    campaign.refresh_from_db()
    assert campaign.phase == Phase.NOTICE
    assert [n.state for n in campaign.nominations.all()] == [State.IN_NOTICE] * 2
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("公示已发布，名单已对外公开，不能退回“评审”阶段。")
    assert "异议核实属实（撤销推荐）" in message
    assert client.get(reverse("public:notice_detail", args=[campaign.pk])).status_code == 200


def test_the_refusal_comes_before_the_confirmation_page(client, city_admin, running):
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:campaign_phase", args=[running.campaign_id]),
        {"phase": Phase.REVIEWING},
    )

    assert response.status_code == 302  # back to the campaign page, not "确认回退"


def test_the_phase_form_of_a_notice_does_not_offer_the_review(client, city_admin, running):
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[running.campaign_id]))

    assert _phase_options(page.content.decode()) == [Phase.NOTICE, Phase.CONCLUDED]
    assert "不能退回“评审”阶段" in page.content.decode()


def test_the_service_refuses_it_too(city_admin, running):
    with pytest.raises(SelectionError, match="公示已发布"):
        services.set_phase(running.campaign, Phase.REVIEWING, by=city_admin, reason=REASON)


def test_a_campaign_left_in_review_with_its_notice_published_returns_to_it(city_admin, running):
    """A campaign taken back before the rule existed: forward to the notice it published."""
    Campaign.objects.filter(pk=running.campaign_id).update(phase=Phase.REVIEWING)
    campaign = Campaign.objects.get(pk=running.campaign_id)

    services.set_phase(campaign, Phase.NOTICE, by=city_admin)

    campaign.refresh_from_db()
    assert campaign.phase == Phase.NOTICE
    assert PublicNotice.objects.filter(campaign=campaign).count() == 1


def test_the_notice_still_opens_only_on_its_own_page(city_admin, reviewing):
    with pytest.raises(SelectionError, match="请在“公示”页面发布公示"):
        services.set_phase(reviewing, Phase.NOTICE, by=city_admin)


def test_the_phase_form_in_review_leaves_out_the_notice_and_links_to_its_page(
    client, city_admin, reviewing
):
    """Choosing 公示 here could only be refused: the admin is sent to the page that opens it."""
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[reviewing.pk])).content.decode()

    assert _phase_options(page) == [Phase.SCREENING, Phase.REVIEWING]
    line = page.split('class="small text-muted mt-2 mb-0 phase-notice">', 1)[1].split("</p>")[0]
    notice_page = reverse("selection:notice_manage", args=[reviewing.pk])
    assert line == (
        f'“公示”阶段不在此选择：确定拟推荐名单后，在<a href="{notice_page}">“公示与发布”</a>'
        "页面发布公示，活动随之进入公示阶段。"
    )


def test_a_campaign_left_in_review_with_its_notice_published_is_offered_the_notice(
    client, city_admin, running
):
    Campaign.objects.filter(pk=running.campaign_id).update(phase=Phase.REVIEWING)
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[running.campaign_id]))

    assert _phase_options(page.content.decode())[-2:] == [Phase.REVIEWING, Phase.NOTICE]
    assert "phase-notice" not in page.content.decode()


# --- 评审 → 资格审查 ---------------------------------------------------------------------------


def test_the_review_goes_back_to_screening_while_cards_are_only_assigned(
    city_admin, reviewing, in_review
):
    Scorecard.objects.create(nomination=in_review, reviewer=UserFactory())

    services.set_phase(reviewing, Phase.SCREENING, by=city_admin, reason=REASON)

    assert Campaign.objects.get(pk=reviewing.pk).phase == Phase.SCREENING


@pytest.mark.parametrize("submitted", [False, True], ids=["saved", "submitted"])
def test_the_review_cannot_go_back_to_screening_once_a_reviewer_scored(
    city_admin, reviewing, in_review, submitted
):
    card(in_review, UserFactory(), scores(20, 20, 20, 20), submitted=submitted)

    with pytest.raises(SelectionError, match="评审已有结果") as refused:
        services.set_phase(reviewing, Phase.SCREENING, by=city_admin, reason=REASON)

    assert "不能退回“资格审查”阶段" in str(refused.value.message)
    assert Campaign.objects.get(pk=reviewing.pk).phase == Phase.REVIEWING


def test_the_review_cannot_go_back_to_screening_once_the_shortlist_is_confirmed(
    client, city_admin, shortlisted
):
    campaign = shortlisted[0].campaign
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[campaign.pk]))
    with pytest.raises(SelectionError, match="评审已有结果"):
        services.set_phase(campaign, Phase.SCREENING, by=city_admin, reason=REASON)

    # Neither back nor on (the notice opens on its own page): no form offering the phase the
    # campaign is in, but the two reasons.
    html = page.content.decode()
    assert 'name="phase"' not in html
    assert "目前不能在此变更阶段：" in html
    assert "不能退回“资格审查”阶段" in html
    assert "“公示”阶段不在此选择" in html


# --- 资格审查 → 推荐, and deadlines -------------------------------------------------------------


def test_screening_cannot_go_back_to_nominating_once_a_nomination_is_in_review(
    city, city_admin, branch_a1
):
    campaign = CampaignFactory(owner=city, phase=Phase.SCREENING)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.ELIGIBLE)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.IN_REVIEW)

    with pytest.raises(SelectionError, match="已有推荐进入评审，不能退回“推荐”阶段。"):
        services.set_phase(campaign, Phase.NOMINATING, by=city_admin, reason=REASON)


def test_screening_goes_back_to_nominating_while_nothing_is_in_review(city, city_admin, branch_a1):
    campaign = CampaignFactory(owner=city, phase=Phase.SCREENING)
    NominationFactory(campaign=campaign, member__organization=branch_a1, state=State.ELIGIBLE)

    services.set_phase(campaign, Phase.NOMINATING, by=city_admin, reason=REASON)

    assert Campaign.objects.get(pk=campaign.pk).phase == Phase.NOMINATING


def test_going_back_to_a_phase_past_its_deadline_asks_to_move_the_deadline_first(city, city_admin):
    """Else the scheduler would move the campaign on again at its next run."""
    passed = timezone.now() - datetime.timedelta(days=1)
    campaign = CampaignFactory(owner=city, phase=Phase.SCREENING, nominating_deadline=passed)

    with pytest.raises(
        SelectionError, match=r"推荐截止时间.*已过，不能退回“推荐”阶段.*请先修改推荐截止时间"
    ):
        services.set_phase(campaign, Phase.NOMINATING, by=city_admin, reason=REASON)

    campaign.nominating_deadline = timezone.now() + datetime.timedelta(days=2)
    campaign.save(update_fields=["nominating_deadline"])
    services.set_phase(campaign, Phase.NOMINATING, by=city_admin, reason=REASON)
    assert services.advance_due_campaigns() == []
    assert Campaign.objects.get(pk=campaign.pk).phase == Phase.NOMINATING


def test_a_campaign_moved_to_nominating_after_its_opening_says_why_draft_is_not_offered(
    client, city, city_admin
):
    """The admin moved the campaign to 推荐 after its opening time: the phase form offers no
    way back to 筹备, and its note says so rather than warning about going back."""
    opened = timezone.now() - datetime.timedelta(hours=1)
    campaign = CampaignFactory(owner=city, phase=Phase.NOMINATING, opens_at=opened)
    client.force_login(city_admin)

    page = client.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()

    assert Phase.DRAFT not in _phase_options(page)
    opened_at = timezone.localtime(opened).strftime("%Y-%m-%d %H:%M")
    assert (
        f"推荐开始时间（{opened_at}）已过，不能退回“筹备”阶段：退回后系统会立即再次进入下一阶段。"
        "如需退回，请先修改推荐开始时间。"
    ) in page
