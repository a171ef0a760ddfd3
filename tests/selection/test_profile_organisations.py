"""The profile editor offers 所在组织 as the campaign's page does: grouped by 党(工)委 and
indented by depth, not one flat list of every organisation."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_profile_editor_lists_the_organisations_as_a_tree(client, city_admin, profile):
    client.force_login(city_admin)

    page = client.get(reverse("selection:profile_edit", args=[profile.pk])).content.decode()

    select = re.search(r'<select name="organization".*?</select>', page, re.S).group(0)
    assert re.findall(r'<optgroup label="([^"]*)"', select) == ["上级党组织", "东区机关党委"]
    assert "\u3000东区一支部" in select  # a branch indented below its 党委
    selected = re.search(r'<option value="(\d+)" selected>', select).group(1)
    assert int(selected) == profile.organization_id
