"""What the review does when selection moves a nomination or opens a campaign's 公示, what it
tells selection of its work, and what it shows on a nomination's page (selection.signals)."""

from django.dispatch import receiver

from selection.signals import (
    nomination_closed,
    nomination_page,
    notice_opening,
    notice_warning,
    review_work,
)

from .choices import CardState, withdrawal_reason
from .models import Scorecard
from .queries import in_review, warning
from .rules import survey_link
from .services import end_unranked
from .services.committee import withdraw_open_cards


@receiver(nomination_closed)
def withdraw_the_cards_of_a_closed_nomination(sender, nomination, **kwargs) -> dict:
    """A nomination whose course ended (vetoed, not chosen at a stage, ineligible, withdrawn)
    takes no more scores: its cards not yet submitted leave the reviewers' queues, who are told
    why (``choices.withdrawal_reason``), and the submitted ones stay as the review's record."""
    cards = Scorecard.objects.filter(nomination=nomination)
    withdrawn = withdraw_open_cards(cards, reason=withdrawal_reason(nomination.state))
    return {"cards_withdrawn": withdrawn} if withdrawn else {}


@receiver(nomination_page)
def survey_on_the_nomination_page(sender, user, nomination, **kwargs) -> dict | None:
    """The nomination's 民主测评 link, as ``rules.survey_link`` offers it (none: nothing)."""
    survey = survey_link(user, nomination)
    return {"template": "evaluations/_nomination_survey.html", "survey": survey} if survey else None


@receiver(review_work)
def scores_saved_in_the_review(sender, campaign, **kwargs):
    """Scores saved or submitted: a card only assigned is no one's work yet."""
    return Scorecard.objects.filter(nomination__campaign=campaign).exclude(state=CardState.ASSIGNED)


@receiver(notice_opening)
def end_what_the_shortlist_left_undecided(sender, campaign, by, request=None, **kwargs) -> None:
    """Every nomination still in review ends 未入选 (``services.end_unranked``)."""
    end_unranked(campaign, by=by, request=request)


@receiver(notice_warning)
def name_what_the_notice_will_leave_out(sender, campaign, **kwargs) -> str:
    """The nominations opening the 公示 will record 未入选 (``queries.warning``)."""
    return warning(in_review(campaign))
