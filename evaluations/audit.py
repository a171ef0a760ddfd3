"""The reviews' and surveys' events as the audit pages name them (:mod:`audit.registry`;
EvaluationsConfig.ready()): a card's state, its scores by criterion."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail

from .choices import CardState, CriterionCode
from .models import Criterion


def criterion_codes(ids: set[str]) -> dict[str, str]:
    """The code of each criterion by its id as text: older cards' scores are keyed by id."""
    found = Criterion.objects.filter(pk__in=ids).values_list("pk", "code")
    return {str(pk): code for pk, code in found}


trail.group(
    "review",
    _("评审"),
    {
        "review.assigned": pgettext_lazy("audit event", "分配评审"),
        "review.cap_overridden": pgettext_lazy("audit event", "突破评审上限"),
        "review.card_reopened": pgettext_lazy("audit event", "重新打开评分表"),
        "review.card_submitted": pgettext_lazy("audit event", "提交评分表"),
        "review.conflict_declared": pgettext_lazy("audit event", "声明回避"),
        "review.criteria_saved": pgettext_lazy("audit event", "保存评分标准"),
        "review.reviewer_added": pgettext_lazy("audit event", "增加评委"),
        "review.reviewer_removed": pgettext_lazy("audit event", "移除评委"),
        "review.shortlist_confirmed": pgettext_lazy("audit event", "确认拟推荐名单"),
        "review.stage_confirmed": pgettext_lazy("audit event", "确认本级推荐名单"),
        "review.stage_assigned": pgettext_lazy("audit event", "分配本级评审"),
        "review.stage_screened": pgettext_lazy("audit event", "本级资格审查通过"),
        "review.stage_withdrawn": pgettext_lazy("audit event", "撤回本级推荐名单"),
        "review.shortlist_revised": pgettext_lazy("audit event", "修订拟推荐名单"),
        "review.unassigned": pgettext_lazy("audit event", "取消分配评审"),
        "review.unranked_ended": pgettext_lazy("audit event", "公示时未参与排名的推荐记为未入选"),
    },
)
trail.group(
    "survey",
    _("测评"),
    {
        "survey.codes_issued": pgettext_lazy("audit event", "发放测评码"),
    },
)
trail.codes("state", CardState.choices, group="review")
trail.inner_codes("scores", CriterionCode.choices, by_id=criterion_codes)
# The review's maximums saved (review.criteria_saved) are keyed by the criteria's codes.
for code, name in CriterionCode.choices:
    trail.key_in_group("review", code, name)
