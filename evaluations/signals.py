"""What the review does when the selection workflow moves a nomination (selection.signals)."""

from django.dispatch import receiver

from selection.signals import nomination_closed

from .choices import withdrawal_reason
from .models import Scorecard
from .services.committee import withdraw_open_cards


@receiver(nomination_closed)
def withdraw_the_cards_of_a_closed_nomination(sender, nomination, **kwargs) -> dict:
    """A nomination whose course ended (vetoed, not chosen at a stage, ineligible, withdrawn)
    takes no more scores: its cards not yet submitted leave the reviewers' queues, who are told
    why (``choices.withdrawal_reason``), and the submitted ones stay as the review's record."""
    cards = Scorecard.objects.filter(nomination=nomination)
    withdrawn = withdraw_open_cards(cards, reason=withdrawal_reason(nomination.state))
    return {"cards_withdrawn": withdrawn} if withdrawn else {}
