"""The reasons the portal writes itself into a nomination's history (``selection.
fixed_reasons``) are stored in Chinese and read in the reader's language: on the nomination's
page and in the e-mail of its move, each recipient's own. A reason a person wrote reads as
written, in every language."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from evaluations.services import confirm_stage, withdraw_stage
from members.choices import Role
from selection import fixed_reasons, workflow
from selection.models import Stage, Transition
from tests.evaluations.test_stage_unscored import pool  # noqa: F401
from tests.factories import CampaignFactory, NominationFactory, user_with_role

pytestmark = pytest.mark.django_db

UNSCORED_EN = (
    "No card submitted at this stage: recorded not selected, unscored, when this "
    "stage's list was confirmed"
)
WITHDRAWN_EN = "This stage withdrew its confirmed list: back in review"


def page_of(client, user, nomination) -> str:
    client.force_login(user)
    return client.get(reverse("selection:nomination_detail", args=[nomination.pk])).content.decode()


@pytest.fixture
def readers(secretary, branch_a1):
    """The branch's secretary who chose English, and a colleague who reads the portal's Chinese."""
    secretary.language = "en"
    secretary.save(update_fields=["language"])
    return secretary, user_with_role(Role.SECRETARY, branch_a1, username="sec_a1_zh")


def confirm_leaving_out_the_unscored(staged, committee_a, committee_admin, pool):  # noqa: F811
    first = Stage.objects.get(campaign=staged, position=1)
    chosen = [pool["scored"][0].pk]
    confirm_stage(first, committee_a, chosen, by=committee_admin, reason="陶桂芝、袁丹丹尚未评分")
    return first


def test_the_history_page_shows_the_portals_own_reasons_in_the_readers_language(
    client,
    staged,
    committee_a,
    committee_admin,
    pool,  # noqa: F811
    readers,
):
    english, chinese = readers
    first = confirm_leaving_out_the_unscored(staged, committee_a, committee_admin, pool)
    left_out = pool["unscored"][0]

    assert Transition.objects.filter(nomination=left_out).last().reason == fixed_reasons.UNSCORED
    text = page_of(client, english, left_out)
    assert UNSCORED_EN.replace("'", "&#x27;") in text
    assert fixed_reasons.UNSCORED not in text
    assert fixed_reasons.UNSCORED in page_of(client, chinese, left_out)

    withdraw_stage(first, committee_a, by=committee_admin, reason="王强材料有误，重新研究")

    text = page_of(client, english, left_out)
    assert WITHDRAWN_EN in text and fixed_reasons.WITHDRAWN not in text
    assert "王强材料有误" not in text  # the withdrawal's own reason is the choice's, not shown here
    text = page_of(client, chinese, left_out)
    assert fixed_reasons.WITHDRAWN in text and WITHDRAWN_EN not in text


def test_the_e_mail_of_the_move_gives_the_portals_own_reason_in_each_recipients_language(
    staged,
    committee_a,
    committee_admin,
    pool,  # noqa: F811
    readers,
    django_capture_on_commit_callbacks,
):
    english, chinese = readers
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        confirm_leaving_out_the_unscored(staged, committee_a, committee_admin, pool)

    # Each of the three left out moves, one e-mail per language: the scored one with no reason,
    # the two unscored with the fixed text.
    to_english = [m for m in mail.outbox if m.to == [english.email]]
    to_chinese = [m for m in mail.outbox if m.to == [chinese.email]]
    assert len(to_english) == len(to_chinese) == 3
    html_en = UNSCORED_EN.replace("'", "&#x27;")
    assert sum(UNSCORED_EN in m.body for m in to_english) == 2
    assert sum(html_en in m.alternatives[0][0] for m in to_english) == 2
    assert not any(fixed_reasons.UNSCORED in m.body + m.alternatives[0][0] for m in to_english)
    assert sum(fixed_reasons.UNSCORED in m.body for m in to_chinese) == 2
    assert sum(fixed_reasons.UNSCORED in m.alternatives[0][0] for m in to_chinese) == 2
    assert not any(UNSCORED_EN in m.body for m in to_chinese)


def test_a_reason_a_person_wrote_reads_as_written_in_english_too(
    client, city, district_a, branch_a1, readers, django_capture_on_commit_callbacks
):
    english, chinese = readers
    admin = user_with_role(Role.ADMIN, district_a, username="district_admin")
    nomination = NominationFactory(
        campaign=CampaignFactory(owner=city), member__organization=branch_a1
    )
    workflow.submit(nomination, by=english)
    # Quoting a fixed text inside more words does not make it one.
    typed = "请核实：" + fixed_reasons.UNRANKED["no_card"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_for_revision(nomination, by=admin, reason=typed)

    for reader in (english, chinese):
        assert f"{typed}</span>" in page_of(client, reader, nomination)
    [to_english] = [m for m in mail.outbox if m.to == [english.email]]
    assert typed in to_english.body and "Returned for revision" in to_english.subject


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_fixed_text_is_shown_translated_and_nothing_else(language):
    with translation.override(language):
        for text in fixed_reasons.ALL:
            shown = Transition(reason=text).shown_reason()
            assert shown == translation.gettext(text)
            assert (shown == text) == (language == "zh-hans")
        assert Transition(reason="材料不全").shown_reason() == "材料不全"
        assert Transition(reason="").shown_reason() == ""
