"""Personal data found in text meant for the public: the member's own phone, ID number and
birth date however they were typed, and anything shaped like a mobile or ID number, masked."""

import datetime

import pytest

from members.models import Member
from members.personal_data import Found, found_in


def _member(**values) -> Member:
    """A member as the check reads one (no database needed)."""
    fields = {
        "phone": "13674774947",
        "id_number": "42010019850615123X",
        "birth_date": datetime.date(1985, 6, 15),
    }
    return Member(**(fields | values))


@pytest.mark.parametrize(
    "typed",
    [
        "联系电话 13674774947",
        "联系电话：136-7477-4947。",
        "电话 136 7477 4947",
        "手机 +86 13674774947",
        "<p>电话<b>136</b>74774947</p>",
        "电话１３６７４７７４９４７",  # full-width digits
    ],
)
def test_the_member_s_own_phone_is_found_however_it_was_typed(typed):
    assert found_in(typed, _member()) == [Found("本人联系电话", "136****4947")]


def test_the_member_s_own_landline_is_found_with_its_area_code():
    member = _member(phone="0731-88886666")

    assert found_in("办公电话（0731）8888 6666", member) == [Found("本人联系电话", "073*****6666")]


@pytest.mark.parametrize("typed", ["身份证号 42010019850615123X", "身份证 420100 19850615 123x"])
def test_the_member_s_own_id_number_is_found_and_not_again_as_a_birth_date(typed):
    assert found_in(typed, _member()) == [Found("本人身份证号", "420***********123X")]


@pytest.mark.parametrize(
    "typed", ["1985年6月15日出生", "生于1985-06-15", "1985.6.15", "1985/06/15", "19850615"]
)
def test_the_member_s_full_birth_date_is_found(typed):
    assert found_in(typed, _member()) == [Found("本人出生日期", "1985-**-**")]


def test_the_year_of_birth_alone_and_other_dates_are_not_personal_data():
    text = "1985年出生，2020年6月15日获评优秀党员，服务群众1000余人次，捐款13万元。"

    assert found_in(text, _member()) == []


def test_anyone_s_mobile_or_id_number_is_found_too():
    text = "邻居王大爷（13812345678）说；另一位群众身份证号 110101199003071234。"

    assert found_in(text, _member()) == [
        Found("身份证号", "110***********1234"),
        Found("手机号码", "138****5678"),
    ]


def test_a_number_that_only_looks_like_part_of_one_is_left_alone():
    # 12 digits, and an 11-digit number that is no mobile (it starts 12).
    assert found_in("编号 136747749471，账号 12345678901", _member()) == []


def test_a_member_without_phone_or_id_number_is_checked_for_the_shapes_only():
    member = _member(phone="", id_number="")

    assert found_in("电话 13674774947", member) == [Found("手机号码", "136****4947")]
