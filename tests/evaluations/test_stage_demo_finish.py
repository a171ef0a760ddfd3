"""逐级推荐 (#39) on the demo tree: the three-stage campaign ``seed_demo`` leaves in progress
(党总支 → 党(工)委 → 市委) is finished through the services. Each node chooses within its quota
from what came up; 市直机关工委 waits for its late 党总支, decides for it, then chooses; a
nomination vetoed in its pool stops there; the city's final ranking and 公示 cover only what
advanced at every stage; and the two 党委 never see each other's pools.

江城市委 ── 市直机关工委 ── 第1党总支, 第2党总支 (late)
        └── 江城经济开发区党工委 ── 第1党总支, 第2党总支
"""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evaluations.choices import CardState
from evaluations.errors import EvaluationError
from evaluations.models import Scorecard
from evaluations.queries import ranking
from evaluations.services import (
    assign_stage,
    confirm_shortlist,
    confirm_stage,
    save_card,
    submit_card,
)
from evaluations.stage_demo import LATE, TITLE
from members.choices import OrgKind, Role
from members.models import Organization, User
from selection import notice, workflow
from selection.choices import IntegrityVerdict, StageDecision, State
from selection.models import Campaign, Nomination, Stage, StageEntry
from selection.nodes import node_quota
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def choose(stage: Stage, node: Organization, *, by, reason: str = "") -> list[int]:
    """The node confirms the top of its ranking at the stage, as many as its quota allows."""
    rows = ranking(stage.campaign, stage, node)
    top = [row.nomination_id for row in rows if row.shortlistable]
    return confirm_stage(stage, node, top[: node_quota(stage, node)], by=by, reason=reason)


def score(stage: Stage) -> None:
    """Every reviewer scores and submits the cards of the stage still open."""
    cards = Scorecard.objects.filter(stage=stage).exclude(state=CardState.SUBMITTED)
    for card in cards.select_related("reviewer"):
        points = str(Decimal(18) + Decimal(card.nomination_id % 9) / 2)
        values = {c.pk: (points, "材料翔实。") for c in stage.campaign.criteria.all()}
        save_card(card, by=card.reviewer, scores=values)
        submit_card(card, by=card.reviewer)


def advanced(stage: Stage, node: Organization | None = None) -> set[int]:
    entries = StageEntry.objects.filter(stage=stage, decision=StageDecision.ADVANCED)
    if node is not None:
        entries = entries.filter(node=node)
    return set(entries.values_list("nomination_id", flat=True))


def pool_status(client, user, campaign, stage: Stage, node: Organization) -> int:
    client.force_login(user)
    url = reverse("evaluations:stage_pool", args=[campaign.pk, stage.position, node.pk])
    return client.get(url).status_code


def test_the_demo_campaign_ends_with_only_what_passed_every_stage(client):
    call_command("seed_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(title=TITLE)
    first, second, final = Stage.objects.filter(campaign=campaign).order_by("position")
    admin, integrity, dangwei = (
        User.objects.get(username=name) for name in ("admin", "integrity", "dangwei")
    )
    shizhi, kaifa = (Organization.objects.get(code=code) for code in ("JC01", "JC05"))
    shizhi_admin = user_with_role(Role.ADMIN, shizhi, username="shizhi")  # no demo account

    # The two 党委 see their own pools, never each other's, nor what came up to the other.
    for user, own, sibling in ((dangwei, kaifa, shizhi), (shizhi_admin, shizhi, kaifa)):
        assert pool_status(client, user, campaign, second, own) == 200
        assert pool_status(client, user, campaign, second, sibling) == 404
        for below in sibling.children.filter(kind=OrgKind.GENERAL_BRANCH):
            assert pool_status(client, user, campaign, first, below) == 404

    # 开发区党工委 chose within its quota; 市直机关工委 may not choose before its late 党总支 is
    # decided (what came up late would find its pool decided).
    assert 0 < len(advanced(second, kaifa)) <= node_quota(second, kaifa)
    with pytest.raises(EvaluationError, match="市直机关工委第2党总支（第1级）"):
        choose(second, shizhi, by=shizhi_admin)

    # Stage 1: the late 党总支 is decided by its 党委, with a reason; every 党总支 has now
    # chosen within its quota.
    late = Organization.objects.get(code=LATE)
    with pytest.raises(EvaluationError, match="写明理由"):
        choose(first, late, by=shizhi_admin)
    assert choose(first, late, by=shizhi_admin, reason="党总支逾期未定，党委代为确定")
    entries = StageEntry.objects.filter(stage=first)
    nodes = Organization.objects.filter(pk__in=entries.values("node"))
    assert nodes.count() == 4
    for node in nodes:
        assert 0 < len(advanced(first, node)) <= node_quota(first, node)
    assert not StageEntry.objects.filter(stage=first, decision=StageDecision.PENDING).exists()

    # Stage 2: what came up late joins 市直机关工委's pool and is scored; the integrity officer
    # vetoes the pool's first, which stops there; the 党委 chooses within its quota.
    assert advanced(first, late) <= set(
        StageEntry.objects.filter(stage=second, node=shizhi).values_list("nomination", flat=True)
    )
    assign_stage(second, shizhi, by=shizhi_admin)
    score(second)
    vetoed = Nomination.objects.get(pk=ranking(campaign, second, shizhi)[0].nomination_id)
    workflow.give_integrity_opinion(
        vetoed, by=integrity, verdict=IntegrityVerdict.VETO, reason="核实有违纪问题"
    )
    with pytest.raises(EvaluationError, match="未参与排名"):
        confirm_stage(second, shizhi, [vetoed.pk], by=shizhi_admin)
    chosen = choose(second, shizhi, by=shizhi_admin)
    assert 0 < len(chosen) <= node_quota(second, shizhi)
    assert vetoed.pk not in chosen
    vetoed.refresh_from_db()
    assert vetoed.state == State.VETOED
    assert list(  # in no pool after the one it was vetoed in
        StageEntry.objects.filter(nomination=vetoed)
        .order_by("stage__position")
        .values_list("stage__position", flat=True)
    ) == [1, 2]

    # Stage 3: the city scores the pool, confirms the final shortlist and opens the 公示.
    assign_stage(final, campaign.owner, by=admin)
    score(final)
    passed = advanced(first) & advanced(second)
    rows = ranking(campaign)
    assert {row.nomination_id for row in rows} == passed
    shortlist = [row.nomination_id for row in rows if row.shortlistable][: campaign.exemplar_count]
    confirm_shortlist(campaign, shortlist, by=admin)
    notice.open_notice(
        campaign, starts_on=timezone.localdate(), working_days=5, contact="市委组织部", by=admin
    )
    page = client.get(reverse("public:notice_detail", args=[campaign.pk]))
    listed = {row["pk"] for row in page.context["entries"]}
    assert listed == set(shortlist) <= passed
    assert set(
        Nomination.objects.filter(campaign=campaign, state=State.IN_NOTICE).values_list(
            "pk", flat=True
        )
    ) == set(shortlist)
    assert vetoed.pk not in {row.nomination_id for row in rows}
