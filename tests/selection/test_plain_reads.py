"""The selection app's reads as plain querysets (issue 38): what a page lists, in its order."""

import datetime

import pytest
from django.core.files.base import ContentFile

from selection import queries
from selection.models import Attachment, Nomination
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db


def test_a_scorers_attachment_links_come_in_the_order_they_were_uploaded(
    campaign, branch_a1, city_admin
):
    nomination = NominationFactory(campaign=campaign, member__organization=branch_a1)
    made = []
    for name in ("后传.pdf", "先传.pdf", "再传.pdf"):
        evidence = Attachment(
            nomination=nomination,
            original_name=name,
            content_type="application/pdf",
            size=9,
            uploaded_by=city_admin,
        )
        evidence.file.save(f"{len(made)}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        made.append(evidence)
    # the second one was uploaded first, the first one last
    moment = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    for evidence, minutes in zip(made, (30, 10, 20), strict=True):
        Attachment.objects.filter(pk=evidence.pk).update(
            uploaded_at=moment + datetime.timedelta(minutes=minutes)
        )

    links = queries.attachment_links(nomination.pk)

    assert [link.original_name for link in links] == ["先传.pdf", "再传.pdf", "后传.pdf"]
    assert [link.pk for link in links] == [made[1].pk, made[2].pk, made[0].pk]
    assert queries.attachment_links(10**15) == []


def test_the_secretarys_dashboard_lists_each_branchs_nominations_by_name(
    secretary, campaign, branch_a1
):
    for name in ("王五", "张三", "李四"):
        NominationFactory(campaign=campaign, member__organization=branch_a1, member__name=name)

    (row,) = queries.secretary_dashboard(secretary, campaign)

    assert row.quota.branch == branch_a1
    names = [n.name for n in row.nominations]
    assert names == sorted(names)
    assert {n.pk for n in row.nominations} == set(
        Nomination.objects.filter(campaign=campaign, branch=branch_a1).values_list("pk", flat=True)
    )
