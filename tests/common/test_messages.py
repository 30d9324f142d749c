"""Flash messages: one status region that screen readers announce, holding a plain list."""

import re

import pytest
from django.urls import reverse

from tests.factories import AccessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_flash_messages_are_a_list_inside_a_status_region_not_a_list_with_a_role(client, edition_1):
    user = UserFactory()
    client.force_login(user)
    accession = AccessionFactory(user=user)

    response = client.post(reverse("accession:hide", args=[accession.public_id]), follow=True)

    content = response.content.decode()
    assert re.search(r'<div class="messages" role="status">\s*<ul>\s*<li class="message', content)
    assert not re.search(r"<ul[^>]*\brole=", content)
