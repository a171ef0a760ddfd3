"""Demo data of 逐级推荐: a city campaign of three stages (党总支 → 党委 → 市委) in progress.
The 党总支 ran the 民主测评 (the stage marked for it) and have chosen (one missed its
deadline, and shows as late to its 党委); the 开发区党工委 has chosen; the 市直机关工委 has
scored its pool and waits for its late 党总支, for which it decides first (a node confirms once
every node below it has decided). Demo accounts ``zongzhi`` (an admin of a 党总支) and
``dangwei`` (of the 开发区党工委) see their own pools, and the committee each node formed for
its pool. Built through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from members.choices import OrgKind, Role
from members.demo import ROOT_CODE
from members.models import Organization, User
from selection import nodes, stages
from selection import services as selection_services
from selection.choices import Phase, QuotaKind
from selection.demo import _eligible_members, _nominate, this_minute
from selection.models import Campaign, Stage, StageEntry

from . import services
from .demo import _score_cards, _survey, _user, into_review, secretary_of
from .queries import ranking

TITLE = "2026年度全市“四好”党员逐级推荐"
COMMITTEES = ("JC01", "JC05")
#: The 党总支 that misses its deadline.
LATE = "JC0102"


@transaction.atomic
def seed() -> None:
    if Campaign.objects.filter(title=TITLE).exists():
        return
    root = Organization.objects.get(code=ROOT_CODE)
    admin = User.objects.get(username="admin")
    integrity = User.objects.get(username="integrity")
    reviewers = list(User.objects.filter(username__startswith="reviewer").order_by("username"))
    _user("zongzhi", "钱总支", Role.ADMIN, Organization.objects.get(code="JC0501"))
    _user("dangwei", "孙党委", Role.ADMIN, Organization.objects.get(code="JC05"))
    now = this_minute()
    campaign = Campaign(
        title=TITLE,
        year=2026,
        owner=root,
        quota_kind=QuotaKind.FIXED,
        quota_value=Decimal(1),
        exemplar_count=2,
        min_reviewers=3,
        reference_date=datetime.date(2026, 11, 1),
        opens_at=now - datetime.timedelta(days=50),
        nominating_deadline=now - datetime.timedelta(days=30),
        screening_deadline=now - datetime.timedelta(days=20),
        reviewing_deadline=now + datetime.timedelta(days=20),
    )
    selection_services.save_campaign(campaign, by=admin)
    stages.set_stages(
        campaign,
        [
            stages.StageSpec(
                OrgKind.GENERAL_BRANCH,
                quota_value=2,
                deadline=now - datetime.timedelta(days=2),
                runs_survey=True,
            ),
            stages.StageSpec(
                OrgKind.COMMITTEE, quota_value=2, deadline=now + datetime.timedelta(days=7)
            ),
            stages.StageSpec(
                OrgKind.CITY, deadline=now + datetime.timedelta(days=14), publicised=True
            ),
        ],
        by=admin,
    )
    selection_services.set_phase(campaign, Phase.NOMINATING, by=admin)
    nominations = []
    for code in COMMITTEES:
        branches = Organization.objects.filter(
            path__startswith=f"/{ROOT_CODE}/{code}/",
            kind=OrgKind.BRANCH,
            parent__kind="general_branch",
        ).order_by("path")[::2]  # two branches of each 党总支
        secretary = secretary_of(f"sec_stage_{code.lower()}", "周支书", branches)
        for branch in branches:
            for member in _eligible_members(campaign, branch, 1):
                nominations.append(_nominate(campaign, member, secretary, submit=True))
    # The campaign's committee scores the final stage; each node below has its own.
    into_review(
        campaign, nominations, admin=admin, integrity=integrity, reviewers=reviewers, assign=False
    )
    _survey(campaign, admin, warm=True)  # at the 党总支 stage, which runs it
    first, second, _final = Stage.objects.filter(campaign=campaign).order_by("position")
    for node in {nodes.node_for(first, n.branch.path, root) for n in nominations}:
        _committee_assigns(campaign, first, node, reviewers, admin)
    _score_cards(campaign)
    for node in _nodes(first).exclude(code=LATE):
        _choose(campaign, first, node, admin)
    stages.close_due_stages()  # the 党总支 stage is past its deadline: JC0102 is late
    for node in _nodes(second):
        # Three reviewers each (the campaign's minimum); the demo reviewer sits on 开发区党工委's.
        panel = reviewers[:3] if node.code == "JC05" else reviewers[3:]
        _committee_assigns(campaign, second, node, panel, admin)
    _score_stage(second)
    _choose(campaign, second, Organization.objects.get(code="JC05"), admin)


def _nodes(stage: Stage):
    return Organization.objects.filter(
        pk__in=StageEntry.objects.filter(stage=stage).values("node")
    ).order_by("path")


def _committee_assigns(campaign: Campaign, stage: Stage, node: Organization, panel, admin) -> None:
    """The node's committee at the stage (formed here by the city's admin, who is above every
    node) gives the node's pool its cards."""
    for reviewer in panel:
        services.add_reviewer(campaign, reviewer, cap=None, by=admin, stage=stage, node=node)
    services.assign_stage(stage, node, by=admin)


def _choose(campaign: Campaign, stage: Stage, node: Organization, admin) -> None:
    limit = nodes.node_quota(stage, node)
    top = [r.nomination_id for r in ranking(campaign, stage, node) if r.shortlistable][:limit]
    if top:
        services.confirm_stage(stage, node, top, by=admin)


def _score_stage(stage: Stage) -> None:
    """Score this stage's cards (the demo reviewer's too)."""
    from .models import Scorecard

    for card in Scorecard.objects.filter(stage=stage).select_related("reviewer"):
        values = {
            criterion.pk: (str(Decimal(20) + Decimal(card.nomination_id % 7) / 2), "材料翔实。")
            for criterion in stage.campaign.criteria.all()
        }
        services.save_card(card, by=card.reviewer, scores=values)
        services.submit_card(card, by=card.reviewer)
