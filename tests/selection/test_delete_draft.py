"""删除草稿: a secretary discards a draft never submitted, and the member is offered again.
Nothing else can be deleted: a submitted or returned nomination keeps its place and history."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent
from selection import services, workflow
from selection.choices import Phase, State
from selection.models import Campaign, Nomination
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _delete(client, nomination):
    return client.post(reverse("selection:nomination_delete", args=[nomination.pk]))


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _picker(client, campaign):
    page = client.get(reverse("selection:nomination_new"), {"campaign": campaign.pk})
    return list(page.context["candidates"])


def _stored() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def test_a_secretary_deletes_an_empty_draft_and_can_nominate_the_member_again(
    client, secretary, campaign, good_member
):
    client.force_login(secretary)
    client.post(
        reverse("selection:nomination_new") + f"?campaign={campaign.pk}",
        {"member": good_member.pk, "action": "submit"},
    )
    draft = Nomination.objects.get(member=good_member)
    assert draft.state == State.DRAFT  # kept, with what is missing named
    assert good_member not in _picker(client, campaign)

    response = _delete(client, draft)

    dashboard = f"{reverse('selection:dashboard')}?campaign={campaign.pk}"
    assert (response.status_code, response["Location"]) == (302, dashboard)
    assert _messages(client.get(dashboard)) == ["已删除赵六的推荐草稿。"]
    assert not Nomination.objects.filter(member=good_member).exists()
    assert good_member in _picker(client, campaign)


def test_deleting_a_draft_removes_its_photo_and_attachments_from_storage(
    client, secretary, draft, django_capture_on_commit_callbacks
):
    services.add_attachment(draft, pdf_upload(), by=secretary)
    assert len(_stored()) == 2
    client.force_login(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        _delete(client, draft)

    assert _stored() == set()


def test_deleting_a_draft_is_recorded_in_the_audit_trail(client, secretary, draft):
    client.force_login(secretary)

    _delete(client, draft)

    event = AuditEvent.objects.get(verb="nomination.draft_deleted")
    assert (event.actor, event.target_id, event.org_path) == (
        secretary,
        str(draft.pk),
        draft.branch.path,
    )
    assert event.before == {
        "member": draft.member.member_no,
        "campaign": f"{draft.campaign.title} #{draft.campaign_id}",
    }


def test_deleting_a_draft_renews_the_campaign_s_cached_counts(client, secretary, draft):
    generation = Campaign.generation(draft.campaign_id)
    before = generation.current()
    client.force_login(secretary)

    _delete(client, draft)

    assert generation.current() != before


def test_a_submitted_nomination_cannot_be_deleted(client, secretary, submitted):
    client.force_login(secretary)

    response = _delete(client, submitted)

    assert response.status_code == 409
    assert _messages(response) == ["该推荐当前为“已提交”，不是草稿，不能删除。"]
    assert Nomination.objects.filter(pk=submitted.pk).exists()


def test_a_nomination_returned_for_revision_keeps_its_place(client, secretary, admin, submitted):
    workflow.return_for_revision(submitted, by=admin, reason="请补充支部会议表决情况。")
    client.force_login(secretary)

    response = _delete(client, submitted)

    assert response.status_code == 409
    assert _messages(response) == ["该推荐当前为“退回修改”，不是草稿，不能删除。"]
    assert Nomination.objects.get(pk=submitted.pk).state == State.RETURNED


def test_another_branch_s_secretary_cannot_find_the_draft(client, other_secretary, draft):
    client.force_login(other_secretary)

    response = _delete(client, draft)

    assert response.status_code == 404
    assert Nomination.objects.filter(pk=draft.pk).exists()


def test_the_admin_above_the_branch_sees_the_draft_but_cannot_delete_it(client, admin, draft):
    client.force_login(admin)

    response = _delete(client, draft)

    assert response.status_code == 403
    assert Nomination.objects.filter(pk=draft.pk).exists()


def test_a_draft_left_when_nominating_closed_stays(client, secretary, draft):
    Campaign.objects.filter(pk=draft.campaign_id).update(phase=Phase.SCREENING)
    client.force_login(secretary)

    response = _delete(client, draft)

    assert response.status_code == 409
    assert _messages(response) == ["当前不在推荐阶段，不能删除草稿。"]
    assert Nomination.objects.filter(pk=draft.pk).exists()


def test_a_draft_is_deleted_only_by_a_post(client, secretary, draft):
    client.force_login(secretary)

    response = client.get(reverse("selection:nomination_delete", args=[draft.pk]))

    assert response.status_code == 405
    assert Nomination.objects.filter(pk=draft.pk).exists()


def test_a_second_delete_of_the_same_draft_is_not_found(client, secretary, draft):
    client.force_login(secretary)
    _delete(client, draft)

    assert _delete(client, draft).status_code == 404
    assert AuditEvent.objects.filter(verb="nomination.draft_deleted").count() == 1


def test_the_draft_s_pages_offer_the_delete_button_asking_first(client, secretary, draft):
    client.force_login(secretary)
    action = reverse("selection:nomination_delete", args=[draft.pk])
    question = "确定删除赵六的推荐草稿吗？已填写的内容、照片和附件将一并删除，不能恢复。"

    for url in (
        reverse("selection:nomination_detail", args=[draft.pk]),
        reverse("selection:nomination_edit", args=[draft.pk]),
    ):
        html = client.get(url).content.decode()
        assert f'action="{action}"' in html
        assert f'data-confirm="{question}"' in html


def test_a_submitted_nomination_s_page_offers_no_delete(client, secretary, submitted):
    client.force_login(secretary)

    html = client.get(reverse("selection:nomination_detail", args=[submitted.pk])).content.decode()

    assert reverse("selection:nomination_delete", args=[submitted.pk]) not in html


def test_the_service_refuses_a_draft_of_a_branch_not_the_secretary_s(other_secretary, draft):
    from selection.errors import SelectionError

    with pytest.raises(SelectionError) as refused:
        services.delete_draft(draft, by=other_secretary)

    assert refused.value.status == 403
    assert Nomination.objects.filter(pk=draft.pk).exists()
