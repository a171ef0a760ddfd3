import pytest

from tests.factories import MemberFactory


@pytest.fixture
def roster_a(branch_a1, branch_a2, branch_b1):
    members = [MemberFactory(organization=branch_a1) for _ in range(3)]
    members.append(
        MemberFactory(organization=branch_a2, full_member_on=None, status="probationary")
    )
    MemberFactory(organization=branch_b1, member_no="B0000001")  # another district's member
    return members
