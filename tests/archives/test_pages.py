"""The lists the archive adds cost the same number of queries whatever their length: the
revocations on the public notice page, and the archive page's documents and revocations."""

import pytest
from django.urls import reverse

from archives.models import ArchivedDocument
from selection import revocations
from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory, archived_campaign

pytestmark = pytest.mark.django_db


def revoked(campaign, branch, by, count):
    for index in range(count):
        nomination = NominationFactory(
            campaign=campaign, member__organization=branch, state=State.APPROVED
        )
        revocations.revoke_honour(
            nomination, reason="受到处分。", document=f"江组字〔2027〕{index}号", by=by
        )


@pytest.mark.parametrize("count", [1, 3])
def test_the_notice_page_s_revocations_cost_the_same_queries_at_1_and_3(
    client, city, branch_a1, city_admin, django_assert_num_queries, count
):
    revoked(CampaignFactory(owner=city, phase=Phase.CONCLUDED), branch_a1, city_admin, count)

    # the notices; whether any stage's list is publicised (逐级推荐): none here; whether there
    # are revocations, and they
    with django_assert_num_queries(4):
        response = client.get(reverse("public:notice_list"))

    assert response.content.decode().count("江组字") == count


@pytest.mark.parametrize("count", [1, 3])
def test_the_archive_page_costs_the_same_queries_at_1_and_3_revocations(
    client, city, branch_a1, city_admin, django_assert_num_queries, count
):
    campaign = archived_campaign(city, city_admin)
    revoked(campaign, branch_a1, city_admin, count)
    client.force_login(city_admin)

    with django_assert_num_queries(7):
        response = client.get(reverse("archives:campaign", args=[campaign.pk]))

    assert response.content.decode().count("江组字") == count


def test_the_archive_page_names_its_documents_in_the_reader_s_language(
    client, city, city_admin, settings
):
    campaign = archived_campaign(city, city_admin)
    archive = campaign.archive
    for kind, title in (("summary", "汇总表"), ("revocations", "撤销名单"), ("audit", "审计记录")):
        ArchivedDocument.objects.create(
            archive=archive,
            kind=kind,
            title=title,
            filename=f"{kind}.x",
            name=f"{kind}.x",
            sha256="0" * 64,
            size=1,
        )
    client.force_login(city_admin)
    url = reverse("archives:campaign", args=[campaign.pk])

    chinese = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()

    for title in ("汇总表", "撤销名单", "审计记录"):
        assert f"<td>{title}</td>" in chinese
        assert f"<td>{title}</td>" not in english
    assert "<td>Audit records</td>" in english
    assert '<h2 class="h5">Revoked honours</h2>' in english


@pytest.mark.parametrize("name", ["selection:campaign_edit", "evaluations:committee"])
def test_an_archived_campaign_s_pages_say_so_and_offer_no_live_controls(
    client, city, city_admin, name
):
    campaign = archived_campaign(city, city_admin)
    client.force_login(city_admin)

    body = client.get(reverse(name, args=[campaign.pk])).content.decode()

    assert "只能查看，不能修改" in body
    assert "<fieldset disabled>" in body
    current = client.get(reverse(name, args=[CampaignFactory(owner=city).pk])).content.decode()
    assert "<fieldset disabled>" not in current and "只能查看" not in current


def test_an_archived_campaign_s_phase_is_shown_as_text_with_no_control_to_change_it(
    client, city, city_admin
):
    campaign = archived_campaign(city, city_admin)
    client.force_login(city_admin)

    body = client.get(reverse("selection:campaign_edit", args=[campaign.pk])).content.decode()

    assert f'<span class="badge text-bg-primary">{campaign.get_phase_display()}</span>' in body
    assert reverse("selection:campaign_phase", args=[campaign.pk]) not in body
    assert "变更阶段" not in body and "自动进入下一阶段" not in body
    current = CampaignFactory(owner=city, phase=Phase.NOMINATING)
    body = client.get(reverse("selection:campaign_edit", args=[current.pk])).content.decode()
    assert reverse("selection:campaign_phase", args=[current.pk]) in body


def test_a_phase_change_sent_from_a_stale_tab_is_refused_before_a_reason_is_asked(
    client, city, city_admin
):
    campaign = archived_campaign(city, city_admin)
    client.force_login(city_admin)

    response = client.post(
        reverse("selection:campaign_phase", args=[campaign.pk]), {"phase": Phase.REVIEWING}
    )

    assert response.status_code == 302
    assert "只能查看，不能再修改" in client.get(response.url).content.decode()
    campaign.refresh_from_db()
    assert campaign.phase == Phase.CONCLUDED


def test_an_archived_year_s_exemplar_profile_is_shown_read_only(
    client, city, branch_a1, city_admin
):
    """The admin opens a published profile of an archived year: it says so and its fields,
    保存, 撤回发布 are disabled; a save posted anyway is still refused."""
    from django.utils import timezone

    from selection.models import Campaign
    from tests.archives.test_revocation import publish

    campaign = CampaignFactory(owner=city, phase=Phase.CONCLUDED, title="2026年度全市选树")
    _nomination, profile = publish(campaign, branch_a1, city_admin, member__name="钱进")
    url = reverse("selection:profile_edit", args=[profile.pk])
    client.force_login(city_admin)
    current = client.get(url).content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(archived_at=timezone.now())

    body = client.get(url).content.decode()
    fields = {
        "title": "改过的标题",
        "summary": profile.summary or "简介",
        "story": profile.story or "事迹",
        "tags": profile.tags,
        "organization": profile.organization_id,
        "year": profile.year,
    }
    refused = client.post(url, fields, follow=True).content.decode()

    assert "<fieldset disabled>" not in current and "只能查看" not in current
    assert "只能查看，不能修改" in body
    assert body.index("<fieldset disabled>") < body.index("保存") < body.index("撤回发布")
    assert body.index("撤回发布") < body.index("</fieldset>")
    assert "归档，只能查看，不能再修改" in refused
