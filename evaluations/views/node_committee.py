"""A node's review committee at one stage (逐级推荐): the node's admins (and those above it)
form it for their pool; a sibling's, or one at a stage the organisation is no node of, does not
exist for them (404, the pool's rule ``stages._node_pool``). Which nodes have their own
committee is ``committees.scoring_committee``; where it is the campaign's, the page is that."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from selection.views.breadcrumbs import Crumb

from .. import committees
from .manage import add_seat, remove_seat, reviewer_form, with_remove_urls
from .stages import _node_pool, stage_trail


def _url(stage, node) -> str:
    return reverse("evaluations:node_committee", args=[stage.campaign_id, stage.position, node.pk])


@login_required
def committee(request, pk: int, position: int, node_pk: int):
    campaign, stage, node = _node_pool(request, pk, position, node_pk)
    if committees.scoring_committee(stage, node, final=stage.last) != (stage, node):
        return redirect("evaluations:committee", campaign.pk)
    reviewers = with_remove_urls(
        committees.seats_with_counts(campaign, stage, node),
        "evaluations:node_committee_remove",
        campaign.pk,
        position,
        node.pk,
    )
    context = {"campaign": campaign, "stage": stage, "node": node, "reviewers": reviewers}
    context["breadcrumb"] = stage_trail(request, campaign, stage, node, Crumb(_("本级评审委员会")))
    context["reviewer_form"] = reviewer_form(request, campaign, stage=stage, node=node)
    return render(request, "evaluations/node_committee.html", context)


@login_required
@require_POST
def add(request, pk: int, position: int, node_pk: int):
    campaign, stage, node = _node_pool(request, pk, position, node_pk)
    return add_seat(request, campaign, _url(stage, node), stage=stage, node=node)


@login_required
@require_POST
def remove(request, pk: int, position: int, node_pk: int, reviewer_pk: int):
    campaign, stage, node = _node_pool(request, pk, position, node_pk)
    seats = committees.seats(campaign, stage, node)
    back = _url(stage, node)
    return remove_seat(
        request,
        seats,
        reviewer_pk,
        back,
        lambda crumb: stage_trail(
            request, campaign, stage, node, Crumb(_("本级评审委员会"), back), crumb
        ),
    )
