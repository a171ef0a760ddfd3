"""What the reports show on a nomination's page (``selection.signals.nomination_page``), by
their own rules: selection, below the reports, does not import them."""

from django.dispatch import receiver

from selection.signals import nomination_page

from . import queries, rules


@receiver(nomination_page)
def form_and_scores_on_the_nomination_page(sender, user, nomination, **kwargs) -> dict | None:
    """The 推荐审批表 button (``rules.can_print_form``) and the 评审得分
    (``queries.page_scores``, by ``rules.shows_scores``), so the page and the form agree."""
    can_print_form = rules.can_print_form(user, nomination)
    scores = queries.page_scores(user, nomination)
    if not can_print_form and not scores:
        return None
    return {
        "template": "reports/_nomination_panel.html",
        "can_print_form": can_print_form,
        "scores": scores,
    }
