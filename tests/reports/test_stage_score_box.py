"""The 推荐审批表 of a campaign run level by level (逐级推荐): while its review runs, a nomination's
figures are its stages' own, in the 逐级推荐意见 boxes; no 评审得分 box beside them (a box of
a one-stage campaign, which said 评审结束后公布 beside a rank the reader does see, or dashes).
Once the results are final, a nomination in the final ranking has the box, as the nomination's
page does (``reports.rules.stages_carry_scores``)."""

import pytest

from evaluations.queries import ranking
from members.models import User
from reports.choices import Kind

from .test_documents import pdf, run
from .test_interim import WITHHELD, open_notice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_a_node_admin_s_form_in_review_has_the_stage_s_figures_and_no_score_box(
    committee_a, two_stages
):
    campaign, made = two_stages
    node_admin = User.objects.get(username=f"adm{committee_a.code}")

    _reader, text = pdf(run(node_admin, Kind.FORMS, campaign, nomination=made["王"]))

    assert "东区机关党委意见本级排名第 1 名" in text
    assert "评审得分" not in text
    # The level above's figures stay its own (``rules.shows_stage_scores``): its decision alone.
    assert "市委意见确定为拟推荐。" in text
    assert WITHHELD not in text


def test_the_campaign_admin_s_form_in_review_has_no_box_of_dashes(city_admin, two_stages):
    campaign, made = two_stages

    _reader, text = pdf(run(city_admin, Kind.FORMS, campaign, nomination=made["李"]))

    assert "东区机关党委意见本级排名第 2 名" in text
    assert "评审得分" not in text


def test_once_final_a_nomination_in_the_final_ranking_has_its_score_box(secretary, two_stages):
    campaign, made = two_stages
    open_notice(campaign)
    final = {row.name: row for row in ranking(campaign)}

    _reader, text = pdf(run(secretary, Kind.FORMS, campaign, nomination=made["王"]))

    assert "评审得分" in text
    assert f"{final['王'].total}{final['王'].rank}" in text


def test_once_final_one_left_at_the_first_stage_has_no_score_box(city_admin, two_stages):
    campaign, made = two_stages
    open_notice(campaign)

    _reader, text = pdf(run(city_admin, Kind.FORMS, campaign, nomination=made["李"]))

    assert "东区机关党委意见本级排名第 2 名" in text
    assert "评审得分" not in text
