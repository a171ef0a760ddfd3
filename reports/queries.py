"""Reads behind the reports that no other app already offers: the structure analysis
(nominees vs. exemplars vs. all members, by dimension), counted in the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from evaluations.queries import criteria_of, ranked_row
from members.choices import Education, Ethnicity, Gender
from members.models import Member, Organization
from members.scope import prefixes_q
from selection.choices import State
from selection.models import Nomination, StageEntry

from . import rules

#: Nominations no report covers: a draft was never put forward. Every other one is reported
#: with its state, whatever became of it (DESIGN.md §7: every nomination, every submitted
#: card): one withdrawn after an upheld objection, ineligible, vetoed or not chosen is part
#: of the campaign's record, which the yearly archive keeps, and the results page and the
#: campaign list count it too.
REPORTED_EXCLUDED = (State.DRAFT,)


def nominations_of(job) -> QuerySet[Nomination]:
    """The nominations a job covers (every report of it, and so the yearly archive, reads them
    here): its campaign inside its organisation, or its one nomination; with a stage (逐级推荐),
    the pools of that stage's nodes inside its organisation; never a draft
    (``REPORTED_EXCLUDED``)."""
    nominations = Nomination.objects.filter(campaign=job.campaign)
    if job.nomination_id:
        return nominations.filter(pk=job.nomination_id)
    if job.stage_id:
        pools = StageEntry.objects.filter(stage_id=job.stage_id).filter(
            prefixes_q(job.paths, "node__path")
        )
        nominations = nominations.filter(pk__in=pools.values("nomination_id"))
    else:
        nominations = nominations.filter(prefixes_q(job.paths, "branch__path"))
    return nominations.exclude(state__in=REPORTED_EXCLUDED)


#: States in which a nomination is being scored or decided on its scores.
SCORED_STATES = (State.IN_REVIEW, State.SCORED, State.SHORTLISTED, State.NOT_SELECTED)


def page_scores(user, nomination: Nomination) -> dict | None:
    """The nomination's 评审得分 on its page, by the reports' rule (``rules.shows_scores``), so
    the page and the 推荐审批表 agree: while the review runs, 评审结束后公布 for anyone but the
    campaign's admins (who have the results page, so nothing here); once the results are final,
    each criterion, the total and the rank. None when there is nothing to show. Once final, it
    reads the campaign's ranking (``ranked_row``, cached by the campaign's generation) and its
    criteria.

    逐级推荐 (``staged``, as ``selection.queries.nomination_page`` reads it): while the review
    runs the page's figures are the stages' own, under 逐级推荐经过, each shown to whoever sees
    that node's pool (``rules.shows_stage_scores``) and to nobody else; a box saying
    评审结束后公布 beside a stage's rank and total the user does see would contradict them, so
    there is none. Once the results are final, the final ranking as for any campaign."""
    campaign = nomination.campaign
    if not rules.results_final(campaign):
        if rules.stages_carry_scores(campaign, staged=getattr(nomination, "staged", False)):
            return None
        if nomination.state in SCORED_STATES and not rules.shows_scores(user, campaign):
            return {"withheld": rules.WITHHELD}
        return None
    row = ranked_row(campaign, nomination.pk)
    if row is None:
        return None
    return {
        "criteria": [(c.label, row.criteria.get(c.code)) for c in criteria_of(campaign)],
        "total": row.total,
        "rank": row.rank,
    }


EXEMPLAR_STATES = (State.APPROVED, State.PUBLISHED)

#: Age bands (upper bound in years, inclusive; None = no bound) and 党龄 bands (upper bound,
#: exclusive), at the campaign's reference date.
AGE_BANDS = [
    (30, gettext_noop("30岁及以下")),
    (40, gettext_noop("31至40岁")),
    (50, gettext_noop("41至50岁")),
    (60, gettext_noop("51至60岁")),
    (None, gettext_noop("61岁及以上")),
]
PARTY_BANDS = [
    (5, gettext_noop("不满5年")),
    (10, gettext_noop("5至9年")),
    (20, gettext_noop("10至19年")),
    (30, gettext_noop("20至29年")),
    (None, gettext_noop("30年及以上")),
]


@dataclass
class Line:
    label: str
    members: int
    nominees: int
    exemplars: int


@dataclass
class Dimension:
    title: str
    lines: list[Line]

    @property
    def totals(self) -> Line:
        return Line(
            _("合计"),
            sum(line.members for line in self.lines),
            sum(line.nominees for line in self.lines),
            sum(line.exemplars for line in self.lines),
        )


def years_before(date: datetime.date, years: int) -> datetime.date:
    try:
        return date.replace(year=date.year - years)
    except ValueError:  # 29 February
        return date.replace(year=date.year - years, day=28)


def _bands(field: str, reference: datetime.date, bands, *, inclusive: bool) -> Case:
    whens = []
    for bound, label in bands:
        if bound is None:
            break
        limit = years_before(reference, bound + 1 if inclusive else bound)
        whens.append(When(**{f"{field}__gt": limit}, then=Value(label)))
    return Case(*whens, default=Value(bands[-1][1]), output_field=CharField())


def _choices(field: str, choices) -> Case:
    return Case(
        *[When(**{field: value}, then=Value(value)) for value, _label in choices],
        default=Value(""),
        output_field=CharField(),
    )


def _organizations(field: str, organization: Organization, children: list[tuple[str, str]]) -> Case:
    """Each row's child organisation of ``organization`` (or the organisation itself)."""
    whens = [When(**{f"{field}__startswith": path}, then=Value(path)) for path, _name in children]
    return Case(*whens, default=Value(organization.path), output_field=CharField())


def _count(queryset, expression) -> dict[str, int]:
    rows = queryset.annotate(category=expression).values("category").annotate(n=Count("pk"))
    return {row["category"]: row["n"] for row in rows.order_by()}


def structure(job) -> list[Dimension]:
    """Six tables: organisation, gender, age band, ethnicity, education, party age."""
    reference = job.campaign.reference_date
    organization = job.organization
    members = Member.objects.filter(prefixes_q(job.paths, "organization__path"))
    nominees = nominations_of(job)
    exemplars = nominees.filter(state__in=EXEMPLAR_STATES)
    populations = (members, nominees, exemplars)

    def dimension(title, expression_for, labels) -> Dimension:
        counts = [
            _count(queryset, expression_for(prefix))
            for queryset, prefix in zip(populations, ("", "member__", "member__"), strict=True)
        ]
        lines = [Line(str(label), *(c.get(key, 0) for c in counts)) for key, label in labels]
        return Dimension(title, lines)

    if job.scope_paths:  # several organisations: a line each
        children = list(
            Organization.objects.filter(path__in=job.scope_paths)
            .order_by("path")
            .values_list("path", "name")
        )
        org_labels = children
    else:
        children = list(organization.children.order_by("path").values_list("path", "name"))
        org_labels = [*children, (organization.path, organization.name)]
    dimensions = [
        dimension(
            _("按党组织"),
            lambda p: _organizations(f"{p}organization__path", organization, children),
            org_labels,
        ),
        dimension(_("按性别"), lambda p: _choices(f"{p}gender", Gender.choices), Gender.choices),
        dimension(
            _("按年龄段"),
            lambda p: _bands(f"{p}birth_date", reference, AGE_BANDS, inclusive=True),
            [(label, _(label)) for _bound, label in AGE_BANDS],
        ),
        dimension(
            _("按民族"),
            lambda p: Case(
                When(**{f"{p}ethnicity": Ethnicity.HAN}, then=Value("han")),
                default=Value("minority"),
                output_field=CharField(),
            ),
            [("han", _("汉族")), ("minority", _("少数民族"))],
        ),
        dimension(
            _("按学历"), lambda p: _choices(f"{p}education", Education.choices), Education.choices
        ),
        dimension(
            _("按党龄"),
            lambda p: _bands(f"{p}joined_on", reference, PARTY_BANDS, inclusive=False),
            [(label, _(label)) for _bound, label in PARTY_BANDS],
        ),
    ]
    # The organisation itself only appears when members sit directly in it.
    first = dimensions[0]
    first.lines = [
        line
        for line, (key, _name) in zip(first.lines, org_labels, strict=True)
        if key != organization.path or line.members or line.nominees or job.scope_paths
    ]
    return dimensions


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
