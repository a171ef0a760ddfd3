"""A choice's label as Django gives it, from a lookup built once per field."""

from django.utils import translation

from members.models import Member
from selection.models import Nomination


def test_the_label_is_the_choice_s_in_the_active_language():
    nomination = Nomination(state="submitted")

    with translation.override("zh-hans"):
        assert nomination.get_state_display() == "已提交"
        assert nomination.get_state_display() == "已提交"  # the second call reads the built dict
    with translation.override("en"):
        assert nomination.get_state_display() == "Submitted"


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Nomination(state="no-such-state").get_state_display() == "no-such-state"
    assert Member(ethnicity="").get_ethnicity_display() == ""


def test_each_field_has_its_own_labels():
    member = Member(gender="F", status="full")

    with translation.override("zh-hans"):
        assert (member.get_gender_display(), member.get_status_display()) == ("女", "正式党员")
