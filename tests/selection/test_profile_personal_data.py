"""A profile's story must not carry "联系电话 13674774947" (the member's own phone) out on the
gallery and the API: publishing is refused while a public field holds the member's phone, ID
number or birth date, or anything shaped like a mobile or ID number, and so is saving such a
text into a published profile; the message names what (masked) and where."""

import pytest
from django.urls import reverse

from selection import gallery
from selection.choices import State
from selection.errors import SelectionError
from selection.models import ExemplarProfile

pytestmark = pytest.mark.django_db

PHONE = "13674774947"
REFUSED = "公开的内容中有个人信息，请修改后再保存或发布：事迹全文中有本人联系电话 136****4947。"


@pytest.fixture
def member(approved):
    approved.member.phone = PHONE
    approved.member.save(update_fields=["phone"])
    return approved.member


@pytest.fixture
def consented(profile, approved, city_admin, member):
    gallery.record_consent(approved, wording="同意公开先进事迹。", by=city_admin)
    return profile


def _form(profile, **changes) -> dict:
    return {
        "title": profile.title,
        "summary": profile.summary,
        "story": profile.story,
        "tags": profile.tags,
        "organization": profile.organization_id,
        "year": profile.year,
    } | changes


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_publishing_a_story_with_the_member_s_phone_is_refused_and_says_where(
    client, consented, approved, city_admin
):
    gallery.update_profile(
        consented, data={"story": f"<p>带头服务群众。联系电话 {PHONE}</p>"}, by=city_admin
    )
    client.force_login(city_admin)
    edit = reverse("selection:profile_edit", args=[consented.pk])

    page = client.get(edit).content.decode()
    response = client.post(reverse("selection:profile_publish", args=[consented.pk]), follow=True)

    assert f"<li>{REFUSED}</li>" in page  # under 暂不能发布, before anyone tries
    assert _messages(response) == [REFUSED]
    consented.refresh_from_db()
    approved.refresh_from_db()
    assert consented.published_at is None and approved.state == State.APPROVED
    assert client.get(reverse("public:gallery_detail", args=[consented.slug])).status_code == 404


def test_once_the_phone_is_taken_out_the_profile_publishes(consented, city_admin):
    gallery.update_profile(consented, data={"story": f"联系电话 {PHONE}"}, by=city_admin)
    gallery.update_profile(consented, data={"story": "<p>带头服务群众。</p>"}, by=city_admin)

    assert gallery.publish(consented, by=city_admin).is_published


def test_every_public_field_is_checked_and_named(consented, city_admin, member):
    gallery.update_profile(
        consented,
        data={
            "title": "王芳：社区书记 138 1234 5678",
            "summary": f"身份证号{member.id_number}，生于1985年6月15日。",
            "tags": "教育,13900001111",
        },
        by=city_admin,
    )

    with pytest.raises(SelectionError) as refused:
        gallery.publish(consented, by=city_admin)

    masked_id = member.id_number[:3] + "*" * 11 + member.id_number[-4:]
    assert refused.value.message == (
        "公开的内容中有个人信息，请修改后再保存或发布："
        "标题中有手机号码 138****5678；"
        f"简介中有本人身份证号 {masked_id}、本人出生日期 1985-**-**；"
        "领域标签中有手机号码 139****1111。"
    )


def test_saving_the_phone_into_a_published_story_is_refused_and_keeps_what_was_typed(
    client, consented, city_admin
):
    published = gallery.publish(consented, by=city_admin)
    before = published.story
    client.force_login(city_admin)
    typed = f"<p>带头服务群众。联系电话 {PHONE}</p>"

    response = client.post(
        reverse("selection:profile_edit", args=[published.pk]), _form(published, story=typed)
    )

    assert response.status_code == 400
    assert _messages(response) == [REFUSED]  # the same sentence as publishing's
    assert response.context["form"]["story"].value() == typed  # edited, not typed anew
    published.refresh_from_db()
    assert published.story == before
    public = client.get(reverse("public:gallery_detail", args=[published.slug]))
    api = client.get(reverse("api:public_profile", args=[published.slug]))
    assert public.status_code == api.status_code == 200
    assert PHONE not in public.content.decode() and PHONE not in api.content.decode()


def test_a_profile_published_with_the_phone_before_the_check_is_flagged_on_its_page(
    client, consented, city_admin
):
    """A profile published before the check: out already. Its page says so above the form, and the
    next save must take the number out."""
    published = gallery.publish(consented, by=city_admin)
    ExemplarProfile.objects.filter(pk=published.pk).update(story=f"联系电话 {PHONE}")
    client.force_login(city_admin)

    page = client.get(reverse("selection:profile_edit", args=[published.pk])).content.decode()
    kept = client.post(
        reverse("selection:profile_edit", args=[published.pk]),
        _form(published, story=f"联系电话 {PHONE}", title="新标题"),
    )
    fixed = client.post(
        reverse("selection:profile_edit", args=[published.pk]),
        _form(published, story="<p>带头服务群众。</p>"),
    )

    assert f'<p class="alert alert-danger profile-exposed">{REFUSED}</p>' in page
    assert kept.status_code == 400
    assert fixed.status_code == 302
    published.refresh_from_db()
    assert published.story == "<p>带头服务群众。</p>"
