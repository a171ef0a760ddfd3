"""Which organisation decides at each stage of a campaign run level by level (逐级推荐) for a
branch's nominations, the nodes of a stage and their places. Reads only; placing nominations
in the pools is ``selection.stages``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from members import scope
from members.choices import OrgKind
from members.models import Organization

from .choices import QuotaKind, State
from .models import Campaign, Nomination, Stage, StageEntry
from .quota import full_members_below, limit_for

#: Levels of the organisation tree, from the top down.
LEVEL_ORDER = [kind.value for kind in OrgKind]


def stages_of(campaign: Campaign | int) -> list[Stage]:
    return list(Stage.objects.filter(campaign=campaign).order_by("position"))


def is_staged(stages: list[Stage]) -> bool:
    """More than one stage: nominations move from pool to pool."""
    return len(stages) > 1


def acting_levels(stage: Stage, stages: list[Stage] | None = None) -> list[str]:
    """The levels whose organisations act at a stage: the stage's own, and those above it that
    no later stage is held at (up to the next stage's level, that one excluded). An
    organisation of a level the next stage is held at, or a higher one, decides at that stage
    (``nodes_for``), so it never acts for a missing level below it too: the same people would
    be decided twice. At the final stage, every level up to its own. One query without
    ``stages``, the campaign's stages."""
    if stages is None:
        stages = stages_of(stage.campaign_id)
    following = next((s.level for s in stages if s.position > stage.position), None)
    top = 0 if following is None else LEVEL_ORDER.index(following) + 1
    return LEVEL_ORDER[top : LEVEL_ORDER.index(stage.level) + 1]


def nearest(branch_path: str, by_path: dict):
    """Of ``by_path`` (anything keyed by organisation path), the one nearest above or on the
    branch; None when none is."""
    for path in reversed(scope.ancestor_paths(branch_path)):
        if path in by_path:
            return by_path[path]
    return None


def nodes_for(
    stage: Stage, branch_paths, owner: Organization, stages: list[Stage] | None = None
) -> dict[str, Organization | None]:
    """The one rule of which node decides at a stage for a branch's nominations, by branch path:
    the nearest organisation above the branch, inside the campaign owner's subtree, of a level
    that acts at the stage (``acting_levels``). A branch with no organisation of the stage's
    level above it is decided at that stage by the nearest higher organisation that holds no
    later stage (a branch directly under a 区委, at the 党委 stage of a campaign without a 区委
    stage: the 区委 acts as its 党委, with its own quota, committee and survey there), never by
    the campaign's owner over the heads of the levels between. When the organisation above it
    decides at a later stage anyway (a branch directly under a 党委, at the 党总支 stage), the
    branch has no node at this stage (None): the missing level is skipped and its nominations
    go straight into that organisation's pool at its own stage (``first_pools``), so nobody
    decides about them twice. At the final stage, the owner. One query, one more without
    ``stages`` (``acting_levels``)."""
    paths = set(branch_paths)
    wanted = {path for branch in paths for path in scope.ancestor_paths(branch)}
    levels = acting_levels(stage, stages)
    acting = {
        org.path: org
        for org in Organization.objects.filter(
            path__in=wanted, path__startswith=owner.path, kind__in=levels
        )
    }
    final = owner if owner.kind in levels else None
    return {branch: nearest(branch, acting) or final for branch in paths}


def node_for(stage: Stage, branch_path: str, owner: Organization) -> Organization | None:
    """The node of one branch at a stage (``nodes_for``); None when it skips the stage."""
    return nodes_for(stage, [branch_path], owner)[branch_path]


def first_pools(
    campaign: Campaign, branch_paths, stages: list[Stage] | None = None
) -> dict[str, tuple[Stage, Organization]]:
    """Where the nominations of each branch (by path) first enter a pool: the first stage at
    which the branch has a node (``nodes_for``), and that node. The final stage always has one,
    the owner. One query a stage looked at (most branches are placed at the first), one more
    without ``stages``."""
    stages = stages_of(campaign) if stages is None else stages
    left, placed = set(branch_paths), {}
    for stage in stages:
        if not left:
            break
        for branch, node in nodes_for(stage, left, campaign.owner, stages).items():
            if node is not None:
                placed[branch] = (stage, node)
        left -= set(placed)
    return placed


def stage_nodes(
    stage: Stage, owner: Organization, stages: list[Stage] | None = None
) -> QuerySet[Organization]:
    """The nodes of a stage, inside the owner's subtree: the organisations of the stage's level,
    those of a level above it acting at this stage for an organisation of a lower level directly
    below them (``nodes_for``) from which the campaign has a nomination (a 党委 whose 机关党支部
    nominates nobody has no pool at the 党总支 stage, only at its own), and any holding entries
    at the stage. The nodes whose pools and committees exist at that stage; any other
    organisation has none there. One query more without ``stages`` (``acting_levels``)."""
    above = acting_levels(stage, stages)
    nodes = Q(kind=stage.level) | Q(
        Exists(StageEntry.objects.filter(stage=stage, node=OuterRef("pk")))
    )
    # An organisation of the stage's own level is a node whatever was nominated below it: the
    # costly test (the nominations below each organisation) is made only for the levels above
    # it acting at this stage, none where the next stage is held at the level right above.
    higher = [level for level in above if level != stage.level]
    if higher:
        nominated = Nomination.objects.filter(
            campaign_id=stage.campaign_id, branch__path__startswith=OuterRef("path")
        ).exclude(state=State.DRAFT)
        lower = (
            Organization.objects.filter(parent=OuterRef("pk"))
            .exclude(kind__in=above)
            .filter(Exists(nominated))
        )
        nodes |= Q(Exists(lower), kind__in=higher)
    return Organization.objects.filter(path__startswith=owner.path).filter(nodes)


def members_acted_for(stage: Stage, node: Organization) -> int:
    """Full members a node acts for at a stage: those of its subtree outside the subtrees of the
    other nodes of that level or above below it. A node of the stage's level: its whole subtree.
    A higher node acting for the organisations directly below it (``nodes_for``): their
    members, not those of the nodes below it that choose for themselves at that stage."""
    others = Organization.objects.filter(
        kind__in=acting_levels(stage), path__startswith=node.path, depth__gt=node.depth
    )
    return full_members_below(node, outside=others)


def node_quota(stage: Stage, node: Organization, full_members: int | None = None) -> int:
    """Places of one node at a stage: fixed, or a share of the full members it acts for at that
    stage (``members_acted_for``, 进一法)."""
    if stage.quota_kind == QuotaKind.RATIO and full_members is None:
        full_members = members_acted_for(stage, node)
    return limit_for(stage.quota_kind, stage.quota_value, full_members or 0)
