"""Django's admin site, as a superuser uses it to look at the records: every registered model's
list, and the page of one of its records, open without an error."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from members.models import User
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return User.objects.create_superuser("root", "root@example.com", "a-long-passphrase-1")


def test_every_registered_model_s_list_and_a_record_open(client, superuser, draft, secretary):
    from selection import services

    services.add_attachment(draft, pdf_upload("证明.pdf"), by=secretary)
    client.force_login(superuser)

    answers = {}
    for model in filter(admin.site.is_registered, apps.get_models()):
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        answers[f"{name}_changelist"] = client.get(reverse(f"{name}_changelist")).status_code
        record = model.objects.order_by("pk").first()
        if record is not None:
            url = reverse(f"{name}_change", args=[record.pk])
            answers[f"{name}_change"] = client.get(url).status_code

    assert {name: status for name, status in answers.items() if status != 200} == {}
    assert "admin:selection_nomination_change" in answers
