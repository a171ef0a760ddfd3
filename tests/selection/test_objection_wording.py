"""English pages read plainly: an objection's column says what it holds and its button what it
does; "party organisation" in lower case mid-sentence, as the rest of the catalogue writes it."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from selection import notice

pytestmark = pytest.mark.django_db


def test_an_english_admin_resolves_an_objection_under_resolution(
    client, running, shortlisted, city_admin
):
    notice.file_objection(running, shortlisted[0], name="张三", contact="139", text="反映情况" * 6)
    client.force_login(city_admin)
    client.cookies["django_language"] = "en"

    page = client.get(
        reverse("selection:notice_manage", args=[running.campaign_id])
    ).content.decode()

    assert "<th>Resolution</th></tr></thead>" in page
    assert 'data-label="Resolution"' in page
    assert 'btn-outline-primary">Resolve</button>' in page
    assert ">Handle<" not in page


def test_party_organisation_is_lower_case_mid_sentence():
    with translation.override("en"):
        search = gettext("姓名或所在党组织")
        listed = ngettext(
            "共公示 %(total)s 人，按所在党组织排列。", "共公示 %(total)s 人，按所在党组织排列。", 2
        )
        column = pgettext("column heading: what is done with an objection", "处理")

    assert search == "Name or party organisation"
    assert listed == "%(total)s people on the notice, by party organisation."
    assert column == "Resolution"
