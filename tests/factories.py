"""factory_boy factories. Organisations go through the service that keeps their paths."""

import datetime

import factory
from django.conf import settings

from members.choices import Education, Gender, MemberStatus, OrgKind
from members.idcard import make_id_number
from members.models import AssessmentRecord, DisciplineRecord, Member, Organization, User
from members.services import assign_role, save_organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"第{n}党支部")
    kind = OrgKind.BRANCH
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return save_organization(model_class(*args, **kwargs))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    member_no = factory.Sequence(lambda n: f"M{n:07d}")
    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Gender.MALE
    birth_date = datetime.date(1985, 6, 15)
    education = Education.BACHELOR
    joined_on = datetime.date(2010, 7, 1)
    full_member_on = datetime.date(2011, 7, 1)
    status = MemberStatus.FULL
    organization = factory.SubFactory(OrganizationFactory)
    post = "工程师"
    work_unit = "江城市某单位"
    phone = "13812345678"
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number("420100", o.birth_date, n)
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRecord

    member = factory.SubFactory(MemberFactory)
    year = 2025
    grade = "competent"


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisciplineRecord

    member = factory.SubFactory(MemberFactory)
    kind = "warning"
    decided_on = datetime.date(2025, 3, 1)
    until = datetime.date(2026, 3, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(settings.DEMO_PASSWORD)


def user_with_role(role: str, organization: Organization, **kwargs) -> User:
    user = UserFactory(**kwargs)
    assign_role(user, role, organization)
    return user
