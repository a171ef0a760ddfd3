import datetime

import pytest

from members.idcard import is_valid_id_number, make_id_number
from members.masking import (
    is_masked,
    mask_birth_date,
    mask_contact,
    mask_id_number,
    mask_phone,
)


def test_phone_keeps_prefix_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("contact", "shown"),
    [
        ("13912345678", "139****5678"),
        ("+86 139-0000-5678", "+86**********5678"),
        ("wang@example.org", "w***@example.org"),
        ("", ""),
    ],
)
def test_a_contact_is_masked_as_a_phone_number_or_an_e_mail_address(contact, shown):
    assert mask_contact(contact) == shown


def test_id_number_keeps_region_and_last_four():
    assert mask_id_number("110101199003071234") == "110***********1234"


def test_birth_date_shows_only_the_year():
    assert mask_birth_date(datetime.date(1990, 3, 7)) == "1990-**-**"


def test_empty_values_stay_empty():
    assert mask_phone("") == ""
    assert mask_id_number("") == ""
    assert mask_birth_date(None) == ""


def test_masked_values_are_recognised():
    assert is_masked(mask_phone("13812345678"))
    assert not is_masked("13812345678")


def test_generated_id_numbers_pass_the_checksum():
    number = make_id_number("420100", datetime.date(1988, 9, 8), 615)

    assert is_valid_id_number(number)
    assert not is_valid_id_number(number[:-1] + ("0" if number[-1] != "0" else "1"))
    assert not is_valid_id_number("42010019881332615X")
    assert is_valid_id_number(number.lower()) == is_valid_id_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "420100198802306150",  # 30 February
        "420100000001016150",  # year 0
        "４２０１００１９８８０９０８６１５０",  # full-width digits
        "42010019880908615",  # 17 characters
        "4201001988090861501",  # 19
        "",
        None,
    ],
)
def test_id_numbers_that_cannot_be_are_refused(number):
    assert not is_valid_id_number(number)
