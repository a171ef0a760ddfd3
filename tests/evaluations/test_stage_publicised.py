"""逐级推荐: a publicised stage below the final one puts its 推荐名单 (names and organisations,
no personal data) on the public notice page once its node confirms; the notice list is cached
until a campaign changes, and the confirmation changes its campaign."""

import pytest
from django.urls import reverse

from evaluations.services import confirm_stage
from selection.choices import Phase, StageDecision
from selection.models import Campaign, Stage, StageEntry
from selection.queries import stage_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(staged):
    Stage.objects.filter(campaign=staged, position=1).update(publicised=True)
    return Stage.objects.get(campaign=staged, position=1)


def confirm(first, committee_a, noms, admins, capture):
    with capture(execute=True):
        confirm_stage(first, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])


def test_a_publicised_stage_s_choice_shows_on_the_notice_page(
    client, first, noms, committee_a, admins, django_capture_on_commit_callbacks
):
    confirm(first, committee_a, noms, admins, django_capture_on_commit_callbacks)

    html = client.get(reverse("public:notice_list")).content.decode()

    assert "党(工)委推荐名单" in html
    assert "东区机关党委" in html
    assert "n1" in html and "n2" in html
    assert "n3" not in html
    assert noms["n1"].member.phone not in html
    assert noms["n1"].member.id_number not in html


def test_a_stage_not_publicised_stays_off_the_notice_page(
    client, staged, noms, committee_a, admins, django_capture_on_commit_callbacks
):
    first = Stage.objects.get(campaign=staged, position=1)
    confirm(first, committee_a, noms, admins, django_capture_on_commit_callbacks)

    assert "推荐名单" not in client.get(reverse("public:notice_list")).content.decode()


def test_the_list_is_cached_until_a_publicised_stage_confirms(
    client, first, noms, committee_a, admins, django_capture_on_commit_callbacks
):
    url = reverse("public:notice_list")
    assert "n1" not in client.get(url).content.decode()  # cached: no list yet
    StageEntry.objects.filter(stage=first, nomination=noms["n5"]).update(
        decision=StageDecision.ADVANCED
    )  # written past the services: not seen until the next bump
    assert "n5" not in client.get(url).content.decode()

    confirm(first, committee_a, noms, admins, django_capture_on_commit_callbacks)
    html = client.get(url).content.decode()

    assert "n1" in html and "n5" in html


def test_the_list_leaves_once_the_campaign_is_past_its_review(
    first, noms, committee_a, admins, django_capture_on_commit_callbacks
):
    confirm(first, committee_a, noms, admins, django_capture_on_commit_callbacks)
    assert len(stage_lists()) == 2

    Campaign.objects.filter(pk=first.campaign_id).update(phase=Phase.NOTICE)

    assert stage_lists() == []


def test_a_stage_s_list_on_the_notice_page_scrolls_inside_its_container(
    client, first, noms, committee_a, admins, django_capture_on_commit_callbacks
):
    from tests.selection.test_notice_tables import tables

    confirm(first, committee_a, noms, admins, django_capture_on_commit_callbacks)

    assert tables(client.get(reverse("public:notice_list"))) == [True]
