"""What caches may keep: nothing of a signed-in user's pages (unmasked personal data,
nominations); a gallery photo briefly, under a URL that changes with each publishing."""

import pytest
from django.test import Client
from django.urls import reverse

from selection import gallery
from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


def _not_kept(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives


def test_a_members_unmasked_page_is_kept_by_no_cache(client, admin, member_a1):
    client.force_login(admin)

    response = client.get(reverse("members:detail", args=[member_a1.pk]), {"reveal": "1"})

    assert response.status_code == 200
    assert _not_kept(response)


def test_a_nominations_page_is_kept_by_no_cache(client, city, secretary, member_a1):
    nomination = NominationFactory(
        campaign=CampaignFactory(owner=city), member=member_a1, created_by=secretary
    )
    client.force_login(secretary)

    response = client.get(reverse("selection:nomination_detail", args=[nomination.pk]))

    assert response.status_code == 200
    assert _not_kept(response)


def test_a_gallery_photo_is_cached_briefly_under_a_url_that_changes_on_each_publishing(
    city, branch_a1, city_admin, settings
):
    approved = NominationFactory(
        campaign=CampaignFactory(owner=city, phase=Phase.NOTICE),
        member__organization=branch_a1,
        state=State.APPROVED,
    )
    profile = gallery.create_profile(approved, by=city_admin)
    gallery.record_consent(approved, wording="同意公开。", by=city_admin)
    profile = gallery.publish(profile, by=city_admin)
    visitor = Client()
    first = profile.photo_url
    assert (
        first in visitor.get(reverse("public:gallery_detail", args=[profile.slug])).content.decode()
    )
    assert profile.thumbnail_url in visitor.get(reverse("public:gallery")).content.decode()

    image = visitor.get(first)
    assert image.status_code == 200
    b"".join(image.streaming_content)
    assert image["Cache-Control"] == f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    assert settings.PUBLIC_CACHE_SECONDS <= 300

    gallery.unpublish(profile, reason="本人撤回同意。", by=city_admin)
    assert visitor.get(first).status_code == 404

    approved.refresh_from_db()
    approved.state = State.APPROVED
    approved.save()
    profile = gallery.publish(profile, by=city_admin)
    assert profile.photo_url != first
    # The old URL is sent to the new one, and that answer itself is never cached.
    moved = visitor.get(first)
    assert moved.status_code == 302 and moved["Location"] == profile.photo_url
    assert moved["Cache-Control"] == "no-cache"
