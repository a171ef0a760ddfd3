"""The eligibility rules of a campaign (DESIGN.md §3), evaluated against a member's records.

The same evaluation is shown to the secretary before submitting and to the admin when screening.
It reads only what is passed in (prefetched records), so a queue of nominations costs a fixed
number of queries.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Sequence
from typing import NamedTuple

from django.db.models import CharField, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.utils.translation import gettext as _

from members.choices import AssessmentGrade, DisciplineKind, MemberStatus
from members.models import AssessmentRecord, DisciplineRecord, Member

from .choices import IntegrityVerdict, State
from .errors import SelectionError
from .models import Campaign, IntegrityOpinion, Nomination


class Discipline(NamedTuple):
    """What the rules read of a ``DisciplineRecord`` (which has the same attributes)."""

    decided_on: datetime.date
    until: datetime.date | None
    kind: str


def member_records(member: str) -> dict[str, Subquery]:
    """An annotation reading the latest assessment of the member ``member`` (an ``OuterRef``
    path) with each row of a list, for ``Rules.outcomes``: all the rules read of the
    assessments (one per year), as one text ``year:grade`` (``latest_assessment`` splits it)."""
    latest = AssessmentRecord.objects.filter(member_id=OuterRef(member)).order_by("-year")
    return {
        "latest_assessment": Subquery(
            latest.annotate(
                pair=Concat("year", Value(":"), "grade", output_field=CharField())
            ).values("pair")[:1]
        ),
    }


def latest_assessment(pair: str | None) -> tuple[int | None, str | None]:
    """The year and grade of ``member_records``' ``latest_assessment`` (None, None without
    any)."""
    if pair is None:
        return None, None
    year, _colon, grade = pair.partition(":")
    return int(year), grade


#: The keys of the latest record (a lambda was made on every call, 50 times a queue's page).
_YEAR, _DECIDED_ON = operator.attrgetter("year"), operator.attrgetter("decided_on")


class RuleResult(NamedTuple):
    """One rule's outcome for a member (a tuple: a screening queue shows 300 of them a page, and
    a frozen dataclass sets each field through ``object.__setattr__``; immutable, so that the
    outcomes that do not depend on the member's facts are made once and shared, ``Rules``)."""

    code: str
    label: str
    passed: bool
    detail: str
    #: An admin may declare a nomination eligible despite this rule failing, with a reason.
    overridable: bool = True
    #: Not passed yet, but not failed either: waiting for someone (the integrity opinion not
    #: yet given), shown as such rather than as a failure.
    pending: bool = False


def is_full_member(status: str) -> bool:
    """The rule 正式党员 on a member's status (a column of any list of members, no query)."""
    return status == MemberStatus.FULL


def short_of_full_member(campaign: Campaign, members) -> set[int]:
    """The ids of ``members`` the campaign's rule 正式党员 fails (none when it does not require
    it): the member picker marks them, read from the rows it lists."""
    if not campaign.require_full_member:
        return set()
    return {member.pk for member in members if not is_full_member(member.status)}


def years_between(start: datetime.date, end: datetime.date) -> int:
    """Whole years from ``start`` to ``end`` (birthday arithmetic)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def previous_exemplars(campaign: Campaign) -> QuerySet[Nomination]:
    """The nominations commended in the owner's campaign of the previous year."""
    return _commended_before(campaign.owner_id, campaign.year)


def _commended_before(owner, year) -> QuerySet[Nomination]:
    """The nominations commended in the campaigns of ``owner`` the year before ``year``
    (values, or references to an outer query's): the rule ``previous_exemplars`` and
    ``was_previous_exemplar`` share."""
    return commended(owner, year - 1)


def commended(owner: int, year: int) -> QuerySet[Nomination]:
    """The nominations commended in the campaigns of ``owner`` (an organisation id) in
    ``year``."""
    return Nomination.objects.filter(
        campaign__owner_id=owner,
        campaign__year=year,
        state__in=[State.APPROVED, State.PUBLISHED],
    )


def was_previous_exemplar(campaign: Campaign | None = None) -> Exists:
    """``previous_exemplars`` as an annotation of nominations: whether the nomination's member
    was commended in its campaign owner's campaign of the previous year. Given the
    ``campaign`` all the rows are of (the screening queue's page), its owner and year are
    values; else each row's own campaign's, joined (a nomination's page)."""
    if campaign is None:
        commended_then = _commended_before(
            OuterRef("campaign__owner_id"), OuterRef("campaign__year")
        )
    else:
        commended_then = previous_exemplars(campaign)
    return Exists(commended_then.filter(member_id=OuterRef("member_id")))


def previous_exemplar_ids(campaign: Campaign) -> set[int]:
    """The members of ``previous_exemplars`` when the campaign excludes them, else none."""
    if not campaign.exclude_previous_exemplars:
        return set()
    return set(previous_exemplars(campaign).values_list("member_id", flat=True))


class _Wording(NamedTuple):
    grades: dict[str, str]
    kinds: dict[str, str]
    text: dict[str, str]


@functools.lru_cache(maxsize=64)
def _wording(language: str, party_years: int, lookback: int, minimum: str) -> _Wording:
    """The rules' labels and sentences, translated: they depend only on the language and the
    campaign's thresholds (``language`` is the active one, the key of what gettext returns), so
    a screening queue's page does not translate them again for each member."""
    years = {"years": lookback}
    return _Wording(
        {grade: str(label) for grade, label in AssessmentGrade.choices},
        {kind: str(label) for kind, label in DisciplineKind.choices},
        {
            "full_member": _("正式党员"),
            "probationary": _("目前为预备党员"),
            "party_years": ngettext(
                "党龄不少于 %(years)d 年", "党龄不少于 %(years)d 年", party_years
            )
            % {"years": party_years},
            "joined": _("%(date)s 入党，党龄 %(years)d 年"),
            "discipline": ngettext(
                "无影响期内或近 %(years)d 年内的处分",
                "无影响期内或近 %(years)d 年内的处分",
                lookback,
            )
            % years,
            "punished": _("%(date)s 受到%(kind)s处分"),
            "clean": ngettext(
                "近 %(years)d 年无处分，无影响期内处分",
                "近 %(years)d 年无处分，无影响期内处分",
                lookback,
            )
            % years,
            "assessment": _("最近一次年度考核不低于%(grade)s")
            % {"grade": AssessmentGrade(minimum).label},
            "assessed": _("%(year)d 年度考核：%(grade)s"),
            "unassessed": _("没有年度考核记录"),
            "not_previous": _("上一届未被选树"),
            "previous": _("已在上一届被选树"),
            "integrity": _("纪检监察廉洁意见为同意"),
            "no_opinion": _("尚待纪检监察意见"),
            "agreed": _("同意"),
            "vetoed": _("一票否决：%(reason)s"),
        },
    )


class Rules:
    """A campaign's rules, their wording translated once (``_wording``): a screening queue
    evaluates them for 50 members a page, and translating every label and sentence per member
    was a quarter of its time. The outcomes that read no fact of the member (full member or
    not, no sanction, no opinion yet, …) are made once as well.
    Build one per request (the wording follows the active language)."""

    def __init__(self, campaign: Campaign, previous_exemplars: set[int]):
        self.campaign = campaign
        self.previous_exemplars = previous_exemplars
        self.since = _shift_years(campaign.reference_date, -campaign.discipline_lookback_years)
        self.minimum = AssessmentGrade(campaign.min_assessment_grade)
        self.minimum_rank = AssessmentGrade.rank(self.minimum)
        self.grades, self.kinds, self.text = _wording(
            get_language(),
            campaign.min_party_years,
            campaign.discipline_lookback_years,
            self.minimum.value,
        )
        text = self.text
        # The outcomes that do not depend on the member's facts, made once (tuples: shared by
        # every member they describe), and the assessments' by year and grade as they come.
        self._full_member = {
            True: RuleResult("full_member", text["full_member"], True, text["full_member"]),
            False: RuleResult("full_member", text["full_member"], False, text["probationary"]),
        }
        self._clean = RuleResult("discipline", text["discipline"], True, text["clean"])
        self._unassessed = RuleResult("assessment", text["assessment"], False, text["unassessed"])
        self._assessed: dict[tuple[int, str], RuleResult] = {}
        self._previous_exemplar = {
            False: RuleResult(
                "previous_exemplar", text["not_previous"], True, text["not_previous"]
            ),
            True: RuleResult("previous_exemplar", text["not_previous"], False, text["previous"]),
        }
        self._no_opinion = RuleResult(
            "integrity", text["integrity"], False, text["no_opinion"], False, pending=True
        )
        self._agreed = RuleResult("integrity", text["integrity"], True, text["agreed"], False)

    def evaluate(self, member: Member, *, opinion: IntegrityOpinion | None) -> list[RuleResult]:
        """Every rule of the campaign with pass/fail and why, read from the member's
        ``assessments`` and ``discipline_records`` (prefetch them for a list)."""
        assessments = list(member.assessments.all())
        latest = max(assessments, key=_YEAR) if assessments else None
        return self.outcomes(
            member.pk,
            member.status,
            member.joined_on,
            latest and latest.year,
            latest and latest.grade,
            list(member.discipline_records.all()),
            opinion and opinion.verdict,
            opinion and opinion.reason,
        )

    def outcomes(
        self,
        member: int,
        status: str,
        joined_on: datetime.date,
        assessment_year: int | None,
        assessment_grade: str | None,
        discipline: Sequence[Discipline | DisciplineRecord],
        verdict: str | None,
        reason: str | None,
    ) -> list[RuleResult]:
        """``evaluate`` on the facts themselves: the member's id, status and date of joining,
        their latest assessment (None without any), discipline records and the integrity
        opinion (None before there is one). A queue calls it with its rows' columns (making a
        member, its records and its opinion out of each row, for ``evaluate``, was a third of
        its rules' time)."""
        campaign, text = self.campaign, self.text
        ref = campaign.reference_date
        results = []

        if campaign.require_full_member:
            results.append(self._full_member[is_full_member(status)])

        party_years = years_between(joined_on, ref)
        results.append(
            RuleResult(
                "party_years",
                text["party_years"],
                party_years >= campaign.min_party_years,
                text["joined"] % {"date": joined_on, "years": party_years},
            )
        )

        blocking = [
            record
            for record in discipline
            if record.decided_on >= self.since or record.until is None or record.until >= ref
        ]
        if blocking:
            record = max(blocking, key=_DECIDED_ON)
            detail = text["punished"] % {
                "date": record.decided_on,
                "kind": self.kinds[record.kind],
            }
            results.append(RuleResult("discipline", text["discipline"], False, detail))
        else:
            results.append(self._clean)

        if assessment_year is None:
            results.append(self._unassessed)
        else:
            results.append(self._assessment(assessment_year, assessment_grade))

        if campaign.exclude_previous_exemplars:
            results.append(self._previous_exemplar[member in self.previous_exemplars])

        if verdict is None:
            results.append(self._no_opinion)
        elif verdict == IntegrityVerdict.PASS:
            results.append(self._agreed)
        else:
            vetoed = text["vetoed"] % {"reason": reason}
            results.append(RuleResult("integrity", text["integrity"], False, vetoed, False))
        return results

    def _assessment(self, year: int, grade: str) -> RuleResult:
        found = self._assessed.get((year, grade))
        if found is None:
            text = self.text
            detail = text["assessed"] % {"year": year, "grade": self.grades[grade]}
            passed = AssessmentGrade.rank(grade) <= self.minimum_rank
            found = self._assessed[year, grade] = RuleResult(
                "assessment", text["assessment"], passed, detail
            )
        return found


def evaluate(
    campaign: Campaign,
    member: Member,
    *,
    opinion: IntegrityOpinion | None,
    previous_exemplars: set[int],
) -> list[RuleResult]:
    """The rules for one member (a nomination's page, a transition's guard)."""
    return Rules(campaign, previous_exemplars).evaluate(member, opinion=opinion)


def failed(results: list[RuleResult]) -> list[RuleResult]:
    """The rules that failed: not passed, and not waiting for someone either (``pending``)."""
    return [result for result in results if not result.passed and not result.pending]


def named_rules(results: list[RuleResult]) -> str:
    """The failed rules, each with what failed, as the active language writes them."""
    return gettext("；").join(
        pgettext("a rule and what failed", "%(rule)s（%(detail)s）")
        % {"rule": r.label, "detail": r.detail}
        for r in results
    )


def overridden(nomination: Nomination, override_reason: str) -> list[RuleResult]:
    """The rules evaluated now against the member's records, for a declaration of eligibility
    (the first screening's, or a stage's that screens again, 逐级推荐): refused while a rule
    waits for someone (the integrity opinion), when a rule that cannot be overridden fails, or
    when others fail without a written exception; else the failed rules the exception
    overrides (none: all passed)."""
    results = evaluate(
        nomination.campaign,
        nomination.member,
        opinion=IntegrityOpinion.objects.filter(nomination=nomination).first(),
        previous_exemplars=previous_exemplar_ids(nomination.campaign),
    )
    failures = failed(results)
    if any(result.pending for result in results):
        # Said as what is awaited (the integrity opinion, the one rule that waits for someone):
        # "label（detail）" would read "廉洁意见为同意（尚待…）", as if the opinion were given.
        # The rules that failed are named too: they can be dealt with (returned for revision,
        # an exception written) while the opinion is awaited.
        if failures:
            raise SelectionError(
                _(
                    "不能通过资格审查：纪检监察尚未出具廉洁意见，请在出具后再审查。"
                    "此外，以下规则未通过：%s。"
                )
                % named_rules(failures)
            )
        raise SelectionError(_("不能通过资格审查：纪检监察尚未出具廉洁意见，请在出具后再审查。"))
    blocking = [result for result in failures if not result.overridable]
    if blocking:
        raise SelectionError(_("不能通过资格审查：%s。") % named_rules(blocking))
    if failures and not override_reason:
        raise SelectionError(
            _("以下规则未通过，如确需例外请填写例外说明：%s。") % named_rules(failures)
        )
    return failures
