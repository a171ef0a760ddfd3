"""An admin edits the scoring criteria on the committee page: a refused save (points not adding
up to 100, a wrong box) shows the page again with what was typed and why, nothing saved,
not the boxes back at the stored 25.0 and the old rubric."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evaluations import services
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

NEW_RUBRIC = "理想信念坚定；带头学习党的创新理论，年度学习不少于 40 学时。"


@pytest.fixture
def preparing(city):
    """A campaign in 筹备, its four default criteria of 25 points."""
    campaign = CampaignFactory(owner=city, phase="draft")
    services.ensure_criteria(campaign)
    return campaign


def _typed(campaign, **changes) -> dict:
    """The criteria form as the browser sends it, ``changes`` (``political_max_points``…)
    typed over what is saved."""
    data = {}
    for criterion in campaign.criteria.all():
        for field, saved in (
            ("name", criterion.name),
            ("max_points", criterion.max_points),
            ("rubric", criterion.rubric),
        ):
            data[f"c{criterion.pk}-{field}"] = changes.get(f"{criterion.code}_{field}", saved)
    return data


def _saved(campaign) -> dict:
    return {c.code: (c.max_points, c.rubric) for c in campaign.criteria.all()}


def _refused(client, campaign, **changes) -> tuple[str, list[str]]:
    """Post ``changes`` as the admin would and check they were refused with nothing saved:
    the page shown again (400) and the messages on top."""
    before = _saved(campaign)
    response = client.post(
        reverse("evaluations:save_criteria", args=[campaign.pk]), _typed(campaign, **changes)
    )
    assert response.status_code == 400
    assert _saved(campaign) == before
    assert not AuditEvent.objects.filter(verb="review.criteria_saved").exists()
    return response.content.decode(), [str(m) for m in response.context["messages"]]


def test_points_not_adding_up_to_100_show_the_page_again_as_typed(client, city_admin, preparing):
    client.force_login(city_admin)
    political = preparing.criteria.get(code="political")

    page, said = _refused(client, preparing, political_max_points="30", political_rubric=NEW_RUBRIC)

    assert said == ["各评分项满分之和须为 100（现为 105）。"]
    assert f'id="id_c{political.pk}-max_points" value="30"' in page
    assert f"{NEW_RUBRIC}</textarea>" in page


def test_a_wrong_box_is_refused_and_every_box_keeps_what_was_typed(client, city_admin, preparing):
    client.force_login(city_admin)
    political = preparing.criteria.get(code="political")

    page, said = _refused(
        client, preparing, political_max_points="abc", performance_rubric=NEW_RUBRIC
    )

    assert said == ["满分：输入一个数字。"]  # the box named, as on every form
    assert f'id="id_c{political.pk}-max_points" value="abc"' in page
    # …as text: a number box would show "abc" as empty; and the reason beside it.
    box = re.search(rf'<input[^>]*id="id_c{political.pk}-max_points"[^>]*>', page).group(0)
    assert 'type="text"' in box
    assert 'aria-invalid="true"' in box
    assert f'id="id_c{political.pk}-max_points-error">输入一个数字。</div>' in page
    performance = preparing.criteria.get(code="performance")
    assert 'type="number"' in re.search(
        rf'<input[^>]*id="id_c{performance.pk}-max_points"[^>]*>', page
    ).group(0)
    assert f"{NEW_RUBRIC}</textarea>" in page


def test_the_page_shown_again_leads_back_to_the_committee_page(client, city_admin, preparing):
    """Shown at the criteria's address, which takes only a POST: its search goes to the
    committee page."""
    client.force_login(city_admin)

    page, _said = _refused(client, preparing, political_max_points="30")

    assert f'action="{reverse("evaluations:committee", args=[preparing.pk])}"' in page


def test_a_right_save_still_goes_back_to_the_committee_page(client, city_admin, preparing):
    client.force_login(city_admin)

    response = client.post(
        reverse("evaluations:save_criteria", args=[preparing.pk]),
        _typed(
            preparing,
            political_max_points="30",
            performance_max_points="20",
            political_rubric=NEW_RUBRIC,
        ),
    )

    assert response.status_code == 302
    assert _saved(preparing)["political"] == (Decimal(30), NEW_RUBRIC)
    assert _saved(preparing)["performance"][0] == Decimal(20)
