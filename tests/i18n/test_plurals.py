"""An English number agrees with its noun ("1 place", "2 places") on the pages staff read most:
the stage pools, the committee, the survey, the notice, the assignment messages."""

import pytest
from django.utils import translation

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
