"""Issue 39's walk of the stage pages (逐级推荐): the English pages carry English punctuation
and column names, and the language switch names each language in itself."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from selection.models import Stage

pytestmark = pytest.mark.django_db


def pool_url(staged, committee_a) -> str:
    return reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])


def test_the_english_pool_has_english_punctuation_and_column_names(
    client, staged, committee_a, committee_admin, nominees
):
    nominees(3)
    Stage.objects.filter(campaign=staged, position=1).update(
        deadline=timezone.now() + datetime.timedelta(days=3)
    )
    client.force_login(committee_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    page = client.get(pool_url(staged, committee_a)).content.decode()
    overview = client.get(reverse("evaluations:stages", args=[staged.pk])).content.decode()

    assert "Deadline: " in page and "Deadline：" not in page
    assert "<th>Choose</th>" in page and "<th>Cards</th>" in page
    assert "Deadline: " in overview and "Places per organisation: " in overview
    assert "：" not in overview and "。" not in overview.split("<footer")[0]


def test_the_language_switch_names_each_language_in_itself(client):
    chinese = client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get("/").content.decode()

    for page in (chinese, english):
        assert ">English</option>" in page
        assert ">简体中文</option>" in page
    assert "英语" not in chinese
