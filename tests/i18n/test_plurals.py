"""An English number agrees with its noun ("1 place", "2 places") on the pages staff read most:
the stage pools, the committee, the survey, the notice, the assignment messages."""

import re

import pytest
from django.utils import translation

from tests.i18n.test_translations import _entries

CASES = [
    (
        "名额线（名额 %(n)s 名）：以上按排名在名额内。",
        "n",
        {},
        "Quota line (1 place)",
        "(2 places)",
    ),
    ("本级名额 %(n)s 名。", "n", {}, "1 place at this stage.", "2 places at this stage."),
    ("名额：拟选树 %(n)s 名", "n", {}, "Places: 1 exemplar", "Places: 2 exemplars"),
    (
        "已选 %(n)s 名（本级名额 %(quota)s 名）。",
        "quota",
        {"n": 1},
        "1 chosen (1 place at this stage).",
        "1 chosen (2 places at this stage).",
    ),
    (
        "已发放 %(issued)s 个测评码，已收回 %(used)s 份。",
        "issued",
        {"used": 0},
        "1 code issued, 0 answered.",
        "2 codes issued, 0 answered.",
    ),
    ("自动分配完成，新增 %(n)d 份评分表。", "n", {}, "1 new card.", "2 new cards."),
    ("已分配本级评审：%(count)d 份评分表。", "count", {}, "1 scorecard.", "2 scorecards."),
    ("以下推荐的评审人数少于 %(n)s 人：", "n", {}, "fewer than 1 reviewer:", "2 reviewers:"),
    (
        "公示时间：%(start)s 至 %(end)s（%(days)s 个工作日）。",
        "days",
        {"start": "2026-12-01", "end": "2026-12-07"},
        "(1 working day).",
        "(2 working days).",
    ),
    (
        "%(own)s（%(higher)s 份高于您，%(lower)s 份低于您）",
        "higher",
        {"own": "90", "lower": 0},
        "90 (1 card higher than yours, 0 lower)",
        "90 (2 cards higher than yours, 0 lower)",
    ),
    (
        "本活动还有 %(n)s 份待完成（待评分或草稿，不含本份）",
        "n",
        {},
        "1 other card to do in this campaign (to score or draft)",
        "2 other cards to do in this campaign (to score or draft)",
    ),
    (
        "其他评选活动还有 %(n)s 份待完成",
        "n",
        {},
        "1 card to do in other campaigns",
        "2 cards to do in other campaigns",
    ),
]


@pytest.mark.parametrize(("msgid", "counter", "values", "one", "two"), CASES)
def test_the_english_noun_agrees_with_the_number(msgid, counter, values, one, two):
    with translation.override("en"):
        singular, plural = (
            translation.ngettext(msgid, msgid, n) % {**values, counter: n} for n in (1, 2)
        )
    with translation.override("zh-hans"):
        chinese = translation.ngettext(msgid, msgid, 2) % {**values, counter: 2}

    assert one in singular
    assert two in plural
    assert chinese == msgid % {**values, counter: 2}


#: A count before its noun in English, in an entry without plural forms, is a fixed limit of the
#: code's or the settings' (never 1): these are all.
FIXED_LIMITS = {
    "有效令牌已达 %(count)d 个，请先撤销不用的令牌。",
    "每次可发放 1 至 %(max)d 个测评码。",
    "表格超过 %(rows)d 行，请拆分后分批导入。",
    "表格超过 %(columns)d 列（模板只有 %(template)d 列），请删除多余的列或单元格后重新上传。",
    "生成过程被中断 %(n)d 次，已停止重试。请稍后点击“重新生成”，或联系管理员。",
    "“{}”不超过 %(limit_value)d 字（现有 %(show_value)d 字）。",
    "%(field)s不超过 %(max)d 字（现为 %(n)d 字）。",
    "摘要不超过 %(max)d 字（现为 %(n)d 字）。",
    "理由不超过 %(limit_value)d 字。",
    # the text box's counter and its note on a cut paste: the noun follows the limit
    "已输入 %(n)s / %(max)s 字",
    "粘贴的内容超过 %(max)s 字的上限，末尾 %(cut)s 字未能填入。",
    "反映内容至少 %(limit_value)d 字（现有 %(show_value)d 字）。",
    "公示工作日数不少于 %(limit_value)s 个工作日。",
    "公示工作日数不超过 %(limit_value)s 个工作日。",
    "公示期不少于 %(n)d 个工作日。",
    "每份推荐最多 %(n)d 个附件，请先删除不需要的附件。",
    "未入选推荐的个人信息自归档起保存 %(days)s 天，将于 %(date)s 后删除（个人信息保护法）；"
    "入选人员的信息长期保存。",
}
COUNTED = re.compile(
    r"%\(\w+\)[sd] (?:\w+ )?(?:places|cards|scorecards|nominations|nominees|reviewers|codes|rows"
    r"|columns|exemplars|answers|members|organisations|entries|objections|days|times|tokens"
    r"|characters|attachments)\b"
)


def test_a_counted_english_noun_has_plural_forms():
    unplural = [
        msgid
        for msgid, strings, _flags in _entries()
        if len(strings) == 1 and COUNTED.search(strings[0]) and msgid not in FIXED_LIMITS
    ]

    assert unplural == []
