"""Writes of the exemplar gallery (风采展示): consent, profiles, publishing (DESIGN.md §6)."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import PurePosixPath
from typing import Any

import nh3
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from audit.services import record
from config.cache import Generation
from config.wording import listing, sentences
from members import personal_data

from . import images, rules, uploads, workflow
from .choices import AttachmentKind, State
from .errors import SelectionError
from .models import DisclosureConsent, ExemplarProfile, Nomination

#: Tags a story may keep; everything else (scripts, event handlers, styles) is removed, and
#: links may only point to http(s) or mail addresses.
STORY_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "a",
}
STORY_ATTRIBUTES = {"a": {"href", "title"}}
#: Every thumbnail is cut to exactly this size (a 3:4 portrait, the shape of an ID photo), so a
#: page states each image's size before it arrives and nothing moves when it does; its large
#: twin is twice as wide and tall.
THUMBNAIL_SIZE = (360, 480)
LARGE_THUMBNAIL_SIZE = (2 * THUMBNAIL_SIZE[0], 2 * THUMBNAIL_SIZE[1])
DEFAULT_CONSENT_WORDING = _(
    "本人同意在“四好”党员风采展示中公开姓名、照片、工作单位、职务及先进事迹，"
    "不公开联系电话、身份证号、出生日期等个人信息；本人可随时撤回同意。"
)


def sanitize_story(html: str) -> str:
    return nh3.clean(
        html,
        tags=STORY_TAGS,
        attributes=STORY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


#: Changes whenever the gallery does: part of every public page's cache key (a publish or
#: unpublish shows on every host at once).
PUBLIC_PAGES = Generation("public")


def _invalidate_public_pages() -> None:
    PUBLIC_PAGES.bump()


def _require_manager(by, nomination: Nomination) -> None:
    rules.require_campaign_manager(by, nomination.campaign)


@transaction.atomic
def record_consent(nomination: Nomination, *, wording: str, by, request=None) -> DisclosureConsent:
    """Record the member's consent to public disclosure: who recorded it, when, which wording."""
    _require_manager(by, nomination)
    wording = (wording or "").strip()
    if not wording:
        raise SelectionError(_("请填写告知与同意的文本。"))
    consent, _created = DisclosureConsent.objects.update_or_create(
        nomination=nomination, defaults={"wording": wording, "recorded_by": by}
    )
    record(
        "profile.consent_recorded",
        actor=by,
        target=nomination,
        org_path=nomination.branch.path,
        after={"wording": wording},
        request=request,
    )
    return consent


def create_profile(nomination: Nomination, *, by, request=None) -> ExemplarProfile:
    """A profile pre-filled from an approved nomination (not yet published)."""
    with uploads.changing_files() as files:
        _require_manager(by, nomination)
        if nomination.state not in (State.APPROVED, State.PUBLISHED):
            raise SelectionError(_("只有公示通过的人选才能建立风采展示。"))
        existing = ExemplarProfile.objects.filter(nomination=nomination).first()
        if existing is not None:
            return existing
        member = nomination.member
        profile = ExemplarProfile(
            nomination=nomination,
            slug=f"{nomination.campaign.year}-{nomination.pk}",
            title=f"{member.name}：{member.post}" if member.post else member.name,
            summary=nomination.deeds_summary[:300],
            story=sanitize_story(linebreaks(escape(nomination.deeds))),
            organization=nomination.branch,
            year=nomination.campaign.year,
        )
        if _readable(nomination.photo, of=nomination):
            with nomination.photo.open("rb") as handle:
                if images.carries_metadata(handle):
                    # A photo no upload cleaned (restored from an older backup, say, before
                    # clean_photos ran): it goes public, so it is cleaned on the way.
                    try:
                        content = uploads.clean_photo(File(handle, name=nomination.photo.name))
                    except ValidationError as error:
                        raise SelectionError(" ".join(error.messages)) from None
                else:
                    # Copied by the storage piece by piece, never read whole into memory.
                    content = File(handle)
                kind = _photo_kind(content.name or nomination.photo.name)
                files.save(profile.photo, uploads.stored_name(kind), content)
        profile.save()
        record("profile.created", actor=by, target=nomination, org_path=nomination.branch.path)
    return profile


def _readable(photo, *, of) -> bool:
    """Whether there is a photo that can be read: one that cannot (stored broken) is not
    copied to a profile, which starts without a photo until one is uploaded."""
    if not photo:
        return False
    with images.stored(photo, THUMBNAIL_SIZE[0], of=of) as image:
        return image is not None


def _photo_kind(name: str) -> str:
    return AttachmentKind.PNG if name.endswith(".png") else AttachmentKind.JPEG


#: What the profile form edits (the photo aside).
PROFILE_FIELDS = ("title", "summary", "story", "tags", "year", "organization")


def update_profile(
    profile: ExemplarProfile, *, data: dict[str, Any], photo=None, by, request=None
) -> ExemplarProfile:
    with uploads.changing_files() as files:
        _require_manager(by, profile.nomination)
        if profile.nomination.state == State.REVOKED:
            raise SelectionError(_("荣誉已撤销，风采资料不再修改。"))
        values = {name: data[name] for name in PROFILE_FIELDS if name in data}
        if "story" in values:
            values["story"] = sanitize_story(values["story"])
        if profile.published_at and (refusal := personal_data_refusal(profile, values)):
            raise SelectionError(refusal)
        changed = [name for name, value in values.items() if getattr(profile, name) != value]
        for name in changed:
            setattr(profile, name, values[name])
        if photo is not None:
            photo = uploads.clean_photo(photo)
            files.replace(profile.photo, uploads.stored_name(photo.kind), photo)
            if profile.published_at:
                make_thumbnails(profile, files)
            changed.append("photo")
        profile.save()
        record(
            "profile.updated",
            actor=by,
            target=profile.nomination,
            org_path=profile.nomination.branch.path,
            after={"fields": changed},
            request=request,
        )
        if profile.published_at:
            _invalidate_public_pages()
    return profile


def make_thumbnails(profile: ExemplarProfile, files: uploads.ChangedFiles) -> None:
    """Made once per photo, at publishing, never per request: the photo cut to
    ``THUMBNAIL_SIZE`` and to ``LARGE_THUMBNAIL_SIZE`` (:func:`images.thumbnail_bytes`)."""
    if not profile.photo:
        return
    # A JPEG is decoded at the smallest scale still covering the large thumbnail (either way
    # up), not at its full size: a 40-megapixel photo then takes a fraction of the memory.
    with images.stored(profile.photo, max(LARGE_THUMBNAIL_SIZE), of=profile) as image:
        if image is None:
            # Stored broken: no thumbnails, so the public pages show the profile without a
            # picture and never offer the photo (see views.public.gallery_image).
            for field in (profile.thumbnail, profile.thumbnail_large):
                files.remove(field)
                field.name = ""
            return
        made = [
            (field, suffix, images.thumbnail_bytes(image, size))
            for field, suffix, size in (
                (profile.thumbnail, "", THUMBNAIL_SIZE),
                (profile.thumbnail_large, "-2x", LARGE_THUMBNAIL_SIZE),
            )
        ]
    # Named after the photo (a new name with every upload): a thumbnail's name makes its public
    # URL's version, and a fixed name would come back every second change (the storage renames
    # a new file while the old one is still there), so a browser would show a cached old one.
    photo = PurePosixPath(profile.photo.name).stem[:12]
    for field, suffix, content in made:
        name = f"{profile.slug}-{profile.pk}-{photo}{suffix}.jpg"
        files.replace(field, name, ContentFile(content))


def remake_thumbnails() -> int:
    """Cut both thumbnails of every published profile anew (``manage.py remake_thumbnails``):
    for profiles published before thumbnails had a fixed size and a large twin. Returns how
    many were made (a photo that cannot be read leaves its profile with none); each profile
    in its own transaction."""
    made = touched = 0
    for pk in ExemplarProfile.objects.filter(published_at__isnull=False).values_list(
        "pk", flat=True
    ):
        with uploads.changing_files() as files:
            profile = ExemplarProfile.objects.select_for_update().get(pk=pk)
            if profile.photo:
                make_thumbnails(profile, files)
                profile.save(update_fields=["thumbnail", "thumbnail_large"])
                touched += 1
                made += bool(profile.thumbnail)
    if touched:
        _invalidate_public_pages()
    return made


#: What the public reads of a profile: its page, the API, the preview when it is shared.
PUBLIC_FIELDS = ("title", "summary", "story", "tags")


def personal_data_refusal(profile: ExemplarProfile, changes: dict[str, Any] | None = None) -> str:
    """Why the profile's public text (with ``changes``, by field name, when saving) may not
    go out: the member's phone, ID number or birth date, or a mobile or ID number, named
    masked with the field it is in; "" when there is none. Refuses publishing, and saving a
    published profile (DESIGN.md §9: personal data never on a public page)."""
    member = profile.nomination.member
    places = []
    for name in PUBLIC_FIELDS:
        text = (changes or {}).get(name, getattr(profile, name))
        found = personal_data.found_in(str(text or ""), member)
        if found:
            places.append(
                _("%(field)s中有%(found)s")
                % {
                    "field": ExemplarProfile._meta.get_field(name).verbose_name,
                    "found": listing(f"{item.kind} {item.masked}" for item in found),
                }
            )
    if not places:
        return ""
    return _("公开的内容中有个人信息，请修改后再保存或发布：%(places)s。") % {
        "places": _("；").join(places)
    }


def publish_blockers(profile: ExemplarProfile) -> list[str]:
    problems = []
    if not DisclosureConsent.objects.filter(nomination_id=profile.nomination_id).exists():
        problems.append(_("尚未记录本人同意公开的意见（个人信息保护法第二十五条）。"))
    if profile.nomination.state != State.APPROVED:
        problems.append(_("只有公示通过的人选才能发布。"))
    if refusal := personal_data_refusal(profile):
        problems.append(refusal)
    return problems


def publish(profile: ExemplarProfile, *, by, request=None) -> ExemplarProfile:
    with uploads.changing_files() as files:
        profile = (
            ExemplarProfile.objects.select_for_update(of=("self",))
            .select_related(
                "nomination__campaign__owner", "nomination__branch", "nomination__member"
            )
            .get(pk=profile.pk)
        )
        _require_manager(by, profile.nomination)
        blockers = publish_blockers(profile)
        if blockers:
            raise SelectionError(sentences(blockers))
        workflow.publish(profile.nomination, by=by, request=request)
        make_thumbnails(profile, files)
        profile.published_at = timezone.now()
        profile.save()
        _invalidate_public_pages()
    return profile


def unpublish(profile: ExemplarProfile, *, reason: str, by, request=None) -> ExemplarProfile:
    with transaction.atomic():
        profile = (
            ExemplarProfile.objects.select_for_update(of=("self",))
            .select_related("nomination__campaign__owner", "nomination__branch")
            .get(pk=profile.pk)
        )
        _require_manager(by, profile.nomination)
        workflow.unpublish(profile.nomination, by=by, reason=reason, request=request)
        profile.published_at = None
        profile.save(update_fields=["published_at", "updated_at"])
        _invalidate_public_pages()
    return profile


def image_version(name: str, published_at) -> str:
    """A token for a published image's URL (``?v=``): it changes whenever the image does and
    with each publishing, so a copy kept by a shared cache is never linked again after the
    profile is unpublished or published anew (the image itself is cached briefly only)."""
    stamp = published_at.isoformat() if published_at is not None else ""
    return hashlib.sha256(f"{name}|{stamp}".encode()).hexdigest()[:12]


#: A published profile's views not yet written, by its slug (the page knows it without a query).
VIEW_KEY = "gallery:views:{}"


def count_view(slug: str) -> None:
    """One more view of a published profile, in the cache; :func:`flush_views` writes the counts
    in batches."""
    key = VIEW_KEY.format(slug)
    try:
        cache.incr(key)
    except ValueError:
        # The first view (or Redis failed a moment). ADD, not SET: two first views at once
        # both count, and a counter that exists is never reset to 1 by a failed INCR.
        if not cache.add(key, 1, None):
            # Should Redis be unavailable, this view goes uncounted; the others stay.
            with contextlib.suppress(ValueError):
                cache.incr(key)


def flush_views() -> int:
    """Beat: add the cached view counts to the profiles and reset them."""
    keys = {
        VIEW_KEY.format(slug): pk
        for pk, slug in ExemplarProfile.objects.filter(published_at__isnull=False).values_list(
            "pk", "slug"
        )
    }
    counts = cache.get_many(list(keys))
    for key, count in counts.items():
        ExemplarProfile.objects.filter(pk=keys[key]).update(views=F("views") + count)
        cache.decr(key, count)
    return len(counts)
