"""Two roster imports confirmed at the same moment, on PostgreSQL: they check and write one after
the other, so the second finds the roster changed by the first and asks to be confirmed again,
instead of undoing the first's changes with a plan made before them."""

import pytest

from members.models import RosterImport
from members.roster import run_import
from tests.members.test_roster import upload, xlsx
from tests.members.test_roster_confirm import _as_stored
from tests.racing import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_tasks"),
]


def test_two_imports_confirmed_at_once_are_written_one_after_the_other(client, admin, roster_a):
    member = roster_a[0]
    upload(client, admin, xlsx([_as_stored(member, **{"职务/职称": "处长"})]))
    upload(client, admin, xlsx([_as_stored(member, **{"职务/职称": "科长"})]))
    assert list(RosterImport.objects.values_list("state", "updates")) == [("checked", 1)] * 2
    RosterImport.objects.update(state=RosterImport.State.QUEUED)  # both confirmed

    outcomes = race(
        *(lambda pk=pk: run_import(pk) for pk in RosterImport.objects.values_list("pk", flat=True))
    )

    assert outcomes == [None, None]
    done = RosterImport.objects.get(state="done")
    asked_again = RosterImport.objects.get(state="checked")
    assert "名册在检查之后已有变化" in asked_again.error
    member.refresh_from_db()
    written = {"处长", "科长"} - {member.post}
    assert member.post in {"处长", "科长"} and len(written) == 1
    assert done.finished_at and asked_again.updates == 1  # its new preview: one post to change
