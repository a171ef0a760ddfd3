"""Where a passed-over nominee's secretary hears of a choice besides the nomination's page: the
e-mail of its move carries no committee reason, and a nominee a withdrawn stage choice puts
back in review reads, on its page and in the e-mail, the fixed WITHDRAWN_REASON only
(``evaluations.services.choosing``)."""

import pytest
from django.core import mail
from django.urls import reverse

from evaluations.services import confirm_stage, withdraw_stage
from selection.fixed_reasons import WITHDRAWN as WITHDRAWN_REASON
from selection.models import Stage, Transition
from tests.evaluations.test_choice_reason import REASON, three_ranked  # noqa: F401
from tests.evaluations.test_review_views import _shortlist
from tests.evaluations.test_stage_unscored import pool  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_passed_over_nominee_s_secretary_is_e_mailed_no_committee_reason(
    client,
    review_campaign,
    three_ranked,  # noqa: F811
    city_admin,
    other_secretary,
    django_capture_on_commit_callbacks,
):
    a, b, c = three_ranked
    client.force_login(city_admin)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _shortlist(client, review_campaign, [a, c], reason=REASON)

    [sent] = [m for m in mail.outbox if m.to == [other_secretary.email]]
    assert b.member.name in sent.body and "未入选" in sent.body
    for text in (sent.subject, sent.body, *(body for body, _type in sent.alternatives)):
        assert "丁玉梅" not in text and REASON not in text


def test_a_nominee_back_in_review_after_a_stage_withdrawal_reads_the_fixed_text(
    client,
    staged,
    committee_a,
    committee_admin,
    pool,  # noqa: F811
    secretary,
    django_capture_on_commit_callbacks,
):
    first = Stage.objects.get(campaign=staged, position=1)
    passed_over = pool["scored"][1]
    chosen = [pool["scored"][0].pk]
    confirm_stage(first, committee_a, chosen, by=committee_admin, reason="陶桂芝、袁丹丹尚未评分")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_stage(first, committee_a, by=committee_admin, reason="王强材料有误，重新研究")
    client.force_login(secretary)

    page = client.get(reverse("selection:nomination_detail", args=[passed_over.pk]))

    text = page.content.decode()
    assert WITHDRAWN_REASON in text
    assert "王强材料有误" not in text and "陶桂芝" not in text
    assert Transition.objects.filter(nomination=passed_over).last().reason == WITHDRAWN_REASON
    # One e-mail for each of the three left out, all of the secretary's branch
    sent = [m for m in mail.outbox if m.to == [secretary.email]]
    assert len(sent) == 3
    for body in (m.body for m in sent):
        assert WITHDRAWN_REASON in body and "王强材料有误" not in body
