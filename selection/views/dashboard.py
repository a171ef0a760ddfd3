"""推荐 (``/nominations/``): a secretary's branches in a campaign, with their quota and what was
nominated; for the admins and integrity officers who screen, the campaign's nominations by
state."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from members import scope
from members.choices import Role

from .. import queries, rules
from ..choices import State
from .common import pick_campaign

PAGE_SIZE = 50


@login_required
def dashboard(request):
    user = request.user
    is_secretary = scope.has_role(user, Role.SECRETARY)
    is_screener = scope.has_role(user, Role.ADMIN, Role.INTEGRITY)
    if not (is_secretary or is_screener):
        raise PermissionDenied
    campaigns = list(queries.campaigns(user))
    # A secretary comes here to nominate: the page opens on a campaign taking nominations.
    default = queries.newest_nominating(user, campaigns) if is_secretary else None
    campaign = pick_campaign(request, campaigns, default=default)
    context = {
        "campaigns": campaigns,
        "campaign": campaign,
        "is_secretary": is_secretary,
    }
    if campaign is not None:
        # Beside the phase: when nominating closes, or that it has. And once it is over no
        # place is left to use: a secretary's branches count what was made.
        context["nominating_over"] = rules.nominating_over(campaign)
        if is_secretary:
            branches = context["branches"] = queries.secretary_dashboard(user, campaign)
            context["place_left"] = any(row.quota.left for row in branches)
            # A nomination returned in this campaign is one of the branches' just listed (a
            # branch of theirs inside the campaign: ``services.create_nomination``): none
            # there, none to look up.
            listed = {n.state for row in branches for n in row.nominations}
            told = {State.RETURNED, State.INELIGIBLE} & listed
            context["returned"], context["ineligible"] = (
                queries.secretary_notices(user, campaign) if told else ([], [])
            )
        if is_screener:
            state = request.GET.get("state", "")
            state = state if state in State.values else ""
            context["state"] = state
            context["states"] = State.choices
            counts = context["counts"] = queries.state_counts(user, campaign)
            # What the screening left over, for the admins who close it: in their admin scope,
            # as the screening queue lists them (the counts above cover a secretary's too).
            if rules.screening_is_over(campaign) and scope.has_role(user, Role.ADMIN):
                context["screening_left"] = queries.screening_left(user, campaign)
            paginator = Paginator(
                queries.scoped_nominations(user, campaign, state=state), PAGE_SIZE
            )
            paginator.count = counts.get(state, 0) if state else sum(counts.values())
            context["page"] = paginator.get_page(request.GET.get("page"))
    return render(request, "selection/dashboard.html", context)
