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
