import pytest
from django.core import mail

from accession.tasks import send_accession_email
from tests.factories import OrganizationAccessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_mail_about_an_organization_reaches_each_representative_alone(edition_1):
    accession = OrganizationAccessionFactory()
    accession.organization.representatives.create(user=UserFactory(email="second@example.org"))
    representatives = set(
        accession.organization.representatives.values_list("user__email", flat=True)
    )

    send_accession_email.call(accession.pk, "submitted")

    assert sorted(message.to for message in mail.outbox) == [
        [email] for email in sorted(representatives)
    ]
    assert all(not message.cc and not message.bcc for message in mail.outbox)
