from django import template

from evaluations.queries import criteria_of, ranked_row
from selection import rules as selection_rules
from selection.choices import State

from .. import rules
from ..choices import Kind

register = template.Library()


@register.filter
def can_print_form(user, nomination) -> bool:
    """A 推荐审批表 of this one nomination is offered: submitted, its course not ended
    (``selection.rules.course_ended``; the campaign's batch still has it), and the user may
    ask for it (reports.rules)."""
    return (
        nomination.state != State.DRAFT
        and not selection_rules.course_ended(nomination)
        and rules.can_request(user, Kind.FORMS, nomination.branch)
    )


#: States in which a nomination is being scored or decided on its scores.
SCORED_STATES = (State.IN_REVIEW, State.SCORED, State.SHORTLISTED, State.NOT_SELECTED)


@register.simple_tag
def review_scores(user, nomination) -> dict | None:
    """The nomination's 评审得分 on its page, by the reports' rule (``rules.shows_scores``), so
    the page and the 推荐审批表 agree: while the review runs, 评审结束后公布 for anyone but the
    campaign's admins (who have the results page, so nothing here); once the results are final,
    each criterion, the total and the rank. None when there is nothing to show.

    逐级推荐 (``staged``, as ``selection.queries.nomination_page`` reads it): while the review
    runs the page's figures are the stages' own, under 逐级推荐经过, each shown to whoever sees
    that node's pool (``rules.shows_stage_scores``) and to nobody else; a box saying
    评审结束后公布 beside a stage's rank and total the user does see would contradict them, so
    there is none. Once the results are final, the final ranking as for any campaign."""
    campaign = nomination.campaign
    if not rules.results_final(campaign):
        if getattr(nomination, "staged", False):
            return None
        if nomination.state in SCORED_STATES and not rules.shows_scores(user, campaign):
            return {"withheld": rules.WITHHELD}
        return None
    row = ranked_row(campaign, nomination.pk)
    if row is None:
        return None
    criteria = criteria_of(campaign)
    return {
        "criteria": [(c.label, row.criteria.get(c.code)) for c in criteria],
        "total": row.total,
        "rank": row.rank,
    }
