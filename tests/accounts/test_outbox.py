"""Account e-mail goes through the task queue: the request only stores it."""

import datetime
import io
import smtplib
import traceback

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import QueuedMail
from accounts.tasks import send_queued_mail
from common.mail import MailNotSent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


class RefusingMailServer(BaseEmailBackend):
    """Refuses every recipient, naming them in the error, as SMTP servers do."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"no such user") for message in messages for address in message.to}
        )


def use_mail_backend(settings, backend):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.{backend.__name__}"}}


@pytest.fixture
def mail_server_down(settings):
    use_mail_backend(settings, UnreachableMailServer)


@pytest.fixture
def worker_queue(settings):
    """Tasks wait for a worker instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def sign_up(client, email="newcomer@example.org"):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_sign_up_answers_normally_while_the_mail_server_is_down(
    client, mail_server_down, worker_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_password_reset_answers_normally_while_the_mail_server_is_down(
    client, mail_server_down, worker_queue, django_capture_on_commit_callbacks
):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_password_reset_code")


def test_the_task_gets_only_the_id_of_the_stored_mail(
    client, worker_queue, django_capture_on_commit_callbacks, enqueued_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)

    assert enqueued_tasks == [("send_queued_mail", [QueuedMail.objects.get().pk], {})]
    assert not mail.outbox


def test_the_worker_sends_the_stored_mail_and_deletes_it(client, worker_queue):
    sign_up(client)
    queued = QueuedMail.objects.get()

    send_queued_mail.call(queued.pk)

    assert [message.to for message in mail.outbox] == [["newcomer@example.org"]]
    assert mail.outbox[0].subject == queued.subject
    assert mail.outbox[0].body == queued.body
    assert not QueuedMail.objects.exists()


def test_mail_the_worker_could_not_send_stays_queued(client, settings, worker_queue):
    sign_up(client)
    use_mail_backend(settings, UnreachableMailServer)

    with pytest.raises(MailNotSent):
        send_queued_mail.call(QueuedMail.objects.get().pk)

    assert QueuedMail.objects.exists()


def test_a_refused_send_names_no_recipient_in_its_error(client, settings, worker_queue):
    """The error reaches the logs and the task result table."""
    sign_up(client)
    use_mail_backend(settings, RefusingMailServer)

    with pytest.raises(MailNotSent) as failure:
        send_queued_mail.call(QueuedMail.objects.get().pk)

    assert "newcomer" not in "".join(traceback.format_exception(failure.value))


def test_purge_expired_deletes_mail_left_unsent_for_a_day():
    def queued(hours_ago):
        return QueuedMail.objects.create(
            to="someone@example.org",
            subject="s",
            body="b",
            created_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        )

    old, recent = queued(25), queued(23)

    call_command("purge_expired", stdout=io.StringIO())

    assert list(QueuedMail.objects.all()) == [recent]
    assert not QueuedMail.objects.filter(pk=old.pk).exists()


def test_deleting_the_account_deletes_mail_still_waiting_for_it(client, worker_queue):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    client.force_login(user)

    client.post(reverse("account_delete"), {"password": PASSWORD})

    assert not QueuedMail.objects.exists()
