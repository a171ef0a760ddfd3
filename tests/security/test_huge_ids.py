"""Every number in every URL of the portal, replaced in turn by one no database column can hold:
404 (or the API's 422 naming the parameter), never a 500."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.access import MATRIX
from tests.security.test_bad_input import _allowed
from tests.test_access_matrix import world  # noqa: F401  (fixture)

HUGE_ID = 10**23  # beyond any database integer (PostgreSQL bigint, SQLite INTEGER)
MARK = 987_654_321_987  # where HUGE_ID goes (reverse() would refuse it)


def _takes_arguments(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return True
    return False


#: URLs whose path holds words, not numbers (a survey code, a slug, a file's kind).
WORDS_IN_PATH = {
    "evaluations:survey_public",
    "public:gallery_detail",
    "public:gallery_image",
    "members:roster_template",
    "members:roster_export",
    "api:public_profile",
}
#: The URLs with a number in their path.
ROUTES = [
    (n, m, expected)
    for (n, m), expected in MATRIX.items()
    if _takes_arguments(n) and n not in WORDS_IN_PATH
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "method", "expected"), ROUTES, ids=[f"{n}:{m}" for n, m, _ in ROUTES]
)
def test_huge_numbers_in_the_path_are_not_found(client, world, name, method, expected):  # noqa: F811
    """Every number in every URL, replaced in turn by one no database column can hold."""
    people, args = world
    url_args = args.get(name, [])
    numbers = [index for index, arg in enumerate(url_args) if isinstance(arg, int)]
    assert numbers, f"{name} has no number in its path: name it in WORDS_IN_PATH"
    from tests.access import token_header

    persona = _allowed(expected)
    api = name.startswith("api:")
    headers = {}
    if people[persona] is not None:
        if api:
            headers = token_header(people[persona])
        else:
            client.force_login(people[persona])
    for index in numbers:
        marked = [MARK if i == index else arg for i, arg in enumerate(url_args)]
        url = reverse(name, args=marked).replace(str(MARK), str(HUGE_ID))

        response = (
            client.get(url, **headers) if method == "GET" else client.post(url, {}, **headers)
        )

        # The API validates its path parameters (a 422 naming the parameter); without a token
        # it answers nothing else (401).
        allowed = {404}
        if api:
            allowed = {401} if people[persona] is None else {404, 422}
        assert response.status_code in allowed, url


@pytest.mark.django_db
def test_a_huge_notice_number_is_not_found(client):
    assert client.get("/notice/99999999999999999999999/").status_code == 404
