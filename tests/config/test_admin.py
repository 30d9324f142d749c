import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, AccessionFactory, OrganizationFactory, with_totp

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label != "auth"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_page_opens_for_a_superuser(client, edition_1, model):
    AccessionFactory(organization=None)
    OrganizationFactory()
    client.force_login(with_totp(User.objects.create_superuser("root@example.org", PASSWORD)))
    opts = model._meta

    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    first = model.objects.first()

    assert changelist.status_code == 200
    if first is not None:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        assert client.get(url).status_code == 200
