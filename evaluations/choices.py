from django.db import models
from django.utils.translation import gettext_lazy as _

from selection.choices import UNDER_REVIEW, State

#: Nomination states that take reviewer cards.
REVIEWABLE = (State.ELIGIBLE, *UNDER_REVIEW)
#: Nomination states during which its 民主测评 takes answers.
SURVEY_OPEN = (State.SUBMITTED, *REVIEWABLE)


class CriterionCode(models.TextChoices):
    POLITICAL = "political", _("政治素质好")
    PERFORMANCE = "performance", _("岗位业绩好")
    PUBLIC = "public", _("群众评价好")
    INTEGRITY = "integrity", _("廉洁自律好")


#: Default rubric per criterion (editable per campaign).
DEFAULT_RUBRICS = {
    CriterionCode.POLITICAL: _(
        "理想信念坚定，对党忠诚；认真学习党的创新理论；严守政治纪律和政治规矩；积极参加组织生活。"
    ),
    CriterionCode.PERFORMANCE: _(
        "立足岗位、履职尽责；业绩突出、在急难险重任务中发挥先锋模范作用；有可量化的成效。"
    ),
    CriterionCode.PUBLIC: _("密切联系群众，热心服务；群众认可度高；民主测评满意率高。"),
    CriterionCode.INTEGRITY: _("严守廉洁纪律，清正廉洁、作风正派；无违规违纪问题。"),
}

#: The default tie-break chain: the political standard first (DESIGN.md §4).
DEFAULT_TIE_BREAK = "political,integrity,public,performance"


class CardState(models.TextChoices):
    ASSIGNED = "assigned", _("待评分")
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class WithdrawalReason(models.TextChoices):
    """Why a reviewer's open card was taken back (``models.WithdrawnCard``): what their page
    tells them (``withdrawal_told``) instead of the card's scoring form."""

    TAKEN_BACK = "taken_back", _("组织部门收回")
    VETOED = "vetoed", _("廉洁一票否决")
    INELIGIBLE = "ineligible", _("资格审查未通过")
    NOT_SELECTED = "not_selected", _("未入选")
    WITHDRAWN = "withdrawn", _("推荐已撤销")
    STAGE_WITHDRAWN = "stage_withdrawn", _("下级撤回推荐名单")


#: What the reviewer of a card taken back is told, by ``WithdrawalReason``: the one place of
#: this wording (the card's 410 page, the autosave's line).
WITHDRAWAL_TOLD = {
    WithdrawalReason.TAKEN_BACK: _("这份评分表已由组织部门收回。"),
    WithdrawalReason.VETOED: _("该推荐已被一票否决，评分表已收回。"),
    WithdrawalReason.INELIGIBLE: _("该推荐资格审查未通过，评分表已收回。"),
    WithdrawalReason.NOT_SELECTED: _("该推荐未入选，评分表已收回。"),
    WithdrawalReason.WITHDRAWN: _("该推荐已被撤销，评分表已收回。"),
    WithdrawalReason.STAGE_WITHDRAWN: _("下级组织撤回了报送的推荐名单，评分表已收回。"),
}


def withdrawal_reason(closed_state: str) -> WithdrawalReason:
    """Why the open cards of a nomination go when its course ends in ``closed_state`` (one of
    ``selection.choices.CLOSED_STATES``, as ``signals`` hears of it)."""
    return {
        State.VETOED: WithdrawalReason.VETOED,
        State.INELIGIBLE: WithdrawalReason.INELIGIBLE,
        State.NOT_SELECTED: WithdrawalReason.NOT_SELECTED,
        State.WITHDRAWN: WithdrawalReason.WITHDRAWN,
    }.get(closed_state, WithdrawalReason.TAKEN_BACK)


def withdrawal_told(reason: str) -> str:
    """The sentence telling a reviewer why their card was taken back (``WITHDRAWAL_TOLD``)."""
    return str(WITHDRAWAL_TOLD.get(reason, WITHDRAWAL_TOLD[WithdrawalReason.TAKEN_BACK]))


class Rating(models.TextChoices):
    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


#: Ratings counted as satisfied: (好 + 较好) / responses.
SATISFIED = (Rating.GOOD, Rating.FAIRLY_GOOD)
#: Results of a survey are shown only from this many responses on (anonymity).
SURVEY_MIN_SHOWN = 5

#: What the ranking's flags mean (evaluations.queries.rank), for documents and pages.
FLAG_LABELS = {
    "vetoed": _("一票否决"),
    "too_few_cards": _("评分表不足"),
    "no_quorum": _("测评未达法定人数"),
    "low_satisfaction": _("满意率偏低"),
    "high_spread": _("评分分歧大"),
}
