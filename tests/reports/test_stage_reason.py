"""A node's reason for its choice is the whole choice's (it may name other branches' nominees):
a nomination's 推荐审批表 carries it only for whoever sees the node's pool
(``reports.rules.shows_stage_scores``), as the node's ranks and totals."""

import datetime

from reports.builders.approval import _stage_opinion
from selection.choices import StageDecision
from selection.models import StageEntry

REASON = "丁玉梅同志在重大项目中表现突出，委员会研究决定推荐。"


def entry() -> StageEntry:
    return StageEntry(
        decision=StageDecision.NOT_CHOSEN,
        rank=2,
        total=88,
        reason=REASON,
        decided_at=datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC),
    )


def test_the_node_s_reason_is_in_the_form_for_whoever_sees_its_pool():
    assert REASON in _stage_opinion(entry(), shown=True)


def test_a_secretary_s_form_says_the_decision_without_the_node_s_reason():
    text = _stage_opinion(entry(), shown=False)

    assert REASON not in text
    assert "未推荐" in text
