"""Token endpoints that read: who am I, campaigns, nominations (personal data masked),
results and ranking, survey summaries. A token acts with its user's roles and scope: an
object outside it does not exist (404); one in sight but not the user's to use is 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Query, Router

from evaluations import queries as evaluation_queries
from evaluations import rules as evaluation_rules
from members import masking
from members.choices import Role
from members.models import RoleAssignment
from selection.choices import State

from . import queries
from .errors import ErrorOut
from .queries import ID
from .schemas import (
    CampaignOut,
    CampaignPageOut,
    MeOut,
    NominationDetailOut,
    NominationPageOut,
    ResultsOut,
    SurveyOut,
)

router = Router(tags=["token: read"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut, 503: ErrorOut}


def _org(organization) -> dict:
    return {"id": organization.pk, "code": organization.code, "name": organization.name}


@router.get("/me/", response={200: MeOut, **ERRORS}, url_name="me", summary="The token's user")
def me(request):
    token, user = request.auth, request.auth.user
    labels = dict(Role.choices)
    assignments = RoleAssignment.objects.filter(user=user).select_related("organization")
    return {
        "username": user.username,
        "full_name": user.full_name,
        "roles": [
            {
                "role": found.role,
                "role_label": str(labels.get(found.role, found.role)),
                "organization": _org(found.organization),
            }
            for found in assignments.order_by("organization__path", "role")
        ],
        "token": {
            "label": token.label,
            "prefix": token.prefix,
            "expires_at": token.expires_at,
            "can_write": token.can_write,
        },
    }


def _campaign(campaign) -> dict:
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "year": campaign.year,
        "phase": campaign.phase,
        "phase_label": campaign.get_phase_display(),
        "owner": _org(campaign.owner),
        "opens_at": campaign.opens_at,
        "nominating_deadline": campaign.nominating_deadline,
        "screening_deadline": campaign.screening_deadline,
        "reviewing_deadline": campaign.reviewing_deadline,
    }


PAGE = Query(1, ge=1, le=queries.MAX_PAGE)
PAGE_SIZE = Query(50, ge=1, le=100)


@router.get(
    "/campaigns/",
    response={200: CampaignPageOut, **ERRORS},
    url_name="campaigns",
    summary="Campaigns the user may see",
)
def campaign_list(request, page: int = PAGE, page_size: int = PAGE_SIZE):
    found = queries.window(queries.campaigns(request.auth.user), page, page_size)
    return {"items": [_campaign(c) for c in found.rows], **found.meta()}


@router.get(
    "/campaigns/{int:campaign_id}/",
    response={200: CampaignOut, **ERRORS},
    url_name="campaign",
    summary="A campaign",
)
def campaign_detail(request, campaign_id: int = ID):
    return _campaign(queries.campaign(request.auth.user, campaign_id))


def _decimal(value) -> str | None:
    return None if value is None else str(value)


@router.get(
    "/campaigns/{int:campaign_id}/results/",
    response={200: ResultsOut, **ERRORS},
    url_name="campaign_results",
    summary="Results and ranking (those who manage the campaign's review)",
)
def campaign_results(request, campaign_id: int = ID, page: int = PAGE, page_size: int = PAGE_SIZE):
    user = request.auth.user
    campaign = queries.campaign(user, campaign_id)
    if not evaluation_rules.can_manage_review(user, campaign):
        raise PermissionDenied
    rows = evaluation_queries.ranking(campaign)
    found = queries.window(rows, page, page_size)
    items = [
        {
            "nomination_id": row.nomination_id,
            "name": row.name,
            "branch": row.branch,
            "state": row.state,
            "rank": row.rank,
            "total": str(row.total),
            "criteria": {code: _decimal(points) for code, points in row.criteria.items()},
            "cards": row.cards,
            "mean_total": _decimal(row.mean_total),
            "trimmed_total": _decimal(row.trimmed_total),
            "spread": _decimal(row.spread),
            "responses": row.responses,
            "satisfaction": _decimal(row.satisfaction),
            "vetoed": row.vetoed,
            "flags": row.flags,
        }
        for row in found.rows
    ]
    return {"campaign_id": campaign.pk, "items": items, **found.meta()}


def _nomination(nomination) -> dict:
    member = nomination.member
    return {
        "id": nomination.pk,
        "campaign_id": nomination.campaign_id,
        "state": nomination.state,
        "state_label": nomination.get_state_display(),
        "branch": _org(nomination.branch),
        "member": {
            "id": member.pk,
            "member_no": member.member_no,
            "name": member.name,
            "gender": member.get_gender_display(),
            "ethnicity": member.get_ethnicity_display(),
            "birth_date": masking.mask_birth_date(member.birth_date),
            "phone": masking.mask_phone(member.phone),
            "id_number": masking.mask_id_number(member.id_number),
            "post": member.post,
            "work_unit": member.work_unit,
        },
        "deeds_summary": nomination.deeds_summary,
        "submitted_at": nomination.submitted_at,
        "updated_at": nomination.updated_at,
    }


@router.get(
    "/nominations/",
    response={200: NominationPageOut, **ERRORS},
    url_name="nominations",
    summary="Nominations the user may see (personal data masked)",
)
def nomination_list(
    request,
    campaign: int | None = Query(None, ge=1, le=2**62),
    state: State | None = None,
    branch: int | None = Query(None, ge=1, le=2**62),
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    rows = queries.nominations(
        request.auth.user, campaign=campaign, state=state or "", branch=branch
    )
    found = queries.window(rows, page, page_size)
    return {"items": [_nomination(n) for n in found.rows], **found.meta()}


@router.get(
    "/nominations/{int:nomination_id}/",
    response={200: NominationDetailOut, **ERRORS},
    url_name="nomination",
    summary="A nomination (personal data masked)",
)
def nomination_detail(request, nomination_id: int = ID):
    nomination = queries.nomination(request.auth.user, nomination_id)
    return {
        **_nomination(nomination),
        "deeds": nomination.deeds,
        "evidence": {
            "political": nomination.evidence_political,
            "performance": nomination.evidence_performance,
            "public": nomination.evidence_public,
            "integrity": nomination.evidence_integrity,
        },
        "branch_opinion": nomination.branch_opinion,
        "branch_meeting_date": nomination.branch_meeting_date,
    }


@router.get(
    "/nominations/{int:nomination_id}/survey/",
    response={200: SurveyOut, **ERRORS},
    url_name="nomination_survey",
    summary="The survey (民主测评) summary: counts and rates, from 5 responses on",
)
def nomination_survey(request, nomination_id: int = ID):
    user = request.auth.user
    nomination = queries.nomination(user, nomination_id)
    if not evaluation_rules.can_run_survey(user, nomination):
        raise PermissionDenied
    results = evaluation_queries.survey_results(nomination)
    if results is None:
        return {
            "nomination_id": nomination.pk,
            "issued": 0,
            "responses": 0,
            "shown": False,
            "counts": {},
            "satisfaction": None,
            "quorum_met": False,
        }
    return {
        "nomination_id": nomination.pk,
        "issued": results.issued,
        "responses": results.responses,
        "shown": results.shown,
        "counts": results.counts if results.shown else {},
        "satisfaction": _decimal(results.satisfaction),
        "quorum_met": results.quorum_met,
    }
