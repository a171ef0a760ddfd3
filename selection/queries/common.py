"""What several of the selection app's reads share: a list row's fields and an evidence
file's link."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import QuerySet

from ..models import Attachment, Nomination

#: What a list row shows (name, branch, state, opinion, last change). The long texts, which no
#: list shows, and the member's personal data, which no list may show, stay in the database.
LIST_FIELDS = (
    "campaign_id",
    "member_id",
    "branch_id",
    "state",
    "updated_at",
    "member__name",
    "member__organization_id",
    "branch__name",
    "branch__path",
    "integrity_opinion__verdict",
    "integrity_opinion__reason",
)


def with_related(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """A list's rows: the member, branch and integrity opinion joined, with ``LIST_FIELDS``."""
    return (
        nominations.select_related("member", "branch", "integrity_opinion")
        .only(*LIST_FIELDS)
        .order_by("branch__path", "member__name", "pk")
    )


class AttachmentLink(NamedTuple):
    """What a link to an evidence file shows: its id and its name as uploaded."""

    pk: int
    original_name: str


def attachment_links(nomination_id: int) -> list[AttachmentLink]:
    """The nomination's evidence files as links, in the order they were uploaded (one query)."""
    return [
        AttachmentLink(pk, name)
        for pk, name in Attachment.objects.filter(nomination_id=nomination_id)
        .order_by("uploaded_at", "pk")
        .values_list("pk", "original_name")
    ]
