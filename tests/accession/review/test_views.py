import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accession import services
from accession.models import PrivateDataView, Status
from accession.review import services as review
from tests.factories import (
    AccessionFactory,
    CoordinatorFactory,
    OrganizationAccessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    return user


def act(client, accession, action, **data):
    return client.post(
        reverse("review:act", args=[accession.public_id, action]),
        {"reason": "", "internal_note": "", **data},
    )


@pytest.mark.parametrize("name", ["queue", "request", "act"])
def test_review_pages_are_404s_for_someone_who_is_not_a_coordinator(client, edition_1, name):
    accession = AccessionFactory()
    client.force_login(UserFactory())
    args = {"queue": [], "request": [accession.public_id], "act": [accession.public_id, "approve"]}

    response = (client.post if name == "act" else client.get)(
        reverse(f"review:{name}", args=args[name])
    )

    assert response.status_code == 404
    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


@pytest.mark.parametrize("url", ["/review/", "/admin/"])
def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(client, edition_1, url):
    client.force_login(CoordinatorFactory(totp=False))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_a_coordinator_without_a_second_factor_cannot_act(client, edition_1):
    accession = AccessionFactory()
    client.force_login(CoordinatorFactory(totp=False))

    response = act(client, accession, "approve")

    assert response["Location"] == reverse("mfa_index")
    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


def test_staff_without_a_second_factor_cannot_reach_the_admin(client):
    from accounts.models import User

    client.force_login(User.objects.create_superuser("root@example.org", "x" * 12))

    assert client.get("/admin/")["Location"] == reverse("mfa_index")


def test_the_admin_login_goes_through_the_sites_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_queue_lists_requests_waiting_for_review_oldest_first(client, edition_1, coordinator):
    older = AccessionFactory(public_name="Older Applicant")
    newer = AccessionFactory(public_name="Newer Applicant", status=Status.RESUBMITTED)
    AccessionFactory(public_name="Approved Applicant", status=Status.APPROVED)

    content = client.get(reverse("review:queue")).content.decode()

    assert content.index(older.public_name) < content.index(newer.public_name)
    assert "Approved Applicant" not in content


def test_the_queue_filters_by_status_kind_and_region(client, edition_1, coordinator):
    AccessionFactory(public_name="Brest Person", region="brest")
    AccessionFactory(public_name="Gomel Person", region="gomel")
    organization = OrganizationAccessionFactory(status=Status.APPROVED).organization

    by_region = client.get(reverse("review:queue"), {"region": "brest"}).content.decode()
    by_kind = client.get(
        reverse("review:queue"), {"status": "approved", "kind": "organization"}
    ).content.decode()

    assert "Brest Person" in by_region and "Gomel Person" not in by_region
    assert organization.name in by_kind and "Brest Person" not in by_kind


def test_the_queue_shows_counts_per_status(client, edition_1, coordinator):
    AccessionFactory.create_batch(3)
    AccessionFactory(status=Status.REJECTED)

    content = client.get(reverse("review:queue")).content.decode()

    assert "Waiting for review (3)" in content
    assert "rejected (1)" in content


def test_opening_a_request_takes_it_records_the_view_and_shows_private_data(
    client, edition_1, coordinator
):
    accession = AccessionFactory(legal_name="Private Legal Name", statement="Private statement")

    content = client.get(reverse("review:request", args=[accession.public_id])).content.decode()

    accession.refresh_from_db()
    assert accession.reviewer == coordinator
    assert PrivateDataView.objects.filter(accession=accession, coordinator=coordinator).exists()
    assert "Private Legal Name" in content and "Private statement" in content
    assert accession.user.email in content
    assert "opened the private data" in content


@pytest.mark.parametrize("factory", [AccessionFactory, OrganizationAccessionFactory])
def test_the_request_page_lists_the_signatorys_earlier_accessions_not_itself(
    client, edition_1, coordinator, factory
):
    earlier = factory(status=Status.REJECTED)
    same = (
        {"organization": earlier.organization} if earlier.organization else {"user": earlier.user}
    )
    accession = factory(**same)

    response = client.get(reverse("review:request", args=[accession.public_id]))

    assert [other.public_id for other in response.context["earlier"]] == [earlier.public_id]


def test_others_see_who_is_reviewing_and_may_take_over(client, edition_1, coordinator):
    accession = AccessionFactory()
    first = CoordinatorFactory()
    review.take(first, accession)

    content = client.get(reverse("review:request", args=[accession.public_id])).content.decode()
    act(client, accession, "takeover")

    assert f"Being reviewed by {first.email}" in content
    accession.refresh_from_db()
    assert accession.reviewer == coordinator


def test_a_conflicted_coordinator_sees_why_and_gets_no_actions(client, edition_1, coordinator):
    accession = OrganizationAccessionFactory()
    accession.organization.representatives.create(user=coordinator)

    content = client.get(reverse("review:request", args=[accession.public_id])).content.decode()
    act(client, accession, "approve")

    assert "You represent the applying organization." in content
    assert "Approve" not in content
    accession.refresh_from_db()
    assert (accession.status, accession.reviewer) == (Status.SUBMITTED, None)


def test_approving_from_the_request_page(client, edition_1, coordinator):
    accession = AccessionFactory()

    act(client, accession, "approve")

    accession.refresh_from_db()
    assert accession.status == Status.APPROVED


def test_rejecting_without_a_reason_shows_an_error_and_changes_nothing(
    client, edition_1, coordinator
):
    accession = AccessionFactory()

    response = act(client, accession, "reject")

    assert response.status_code == 400
    assert "Give the applicant a reason" in response.content.decode()
    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


def test_a_decision_missing_its_reason_keeps_the_internal_note_and_links_the_reason_field(
    client, edition_1, coordinator
):
    accession = AccessionFactory()

    response = act(client, accession, "request-changes", internal_note="Checked the website")

    content = response.content.decode()
    assert 'href="#id_reason"' in content
    assert "Checked the website</textarea>" in content
    assert "<title>Error:" in content


def test_a_reason_with_control_characters_is_refused(client, edition_1, coordinator):
    accession = AccessionFactory()

    act(client, accession, "reject", reason="No\x00")

    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


def test_an_unknown_action_is_a_404(client, edition_1, coordinator):
    accession = AccessionFactory()

    assert act(client, accession, "delete").status_code == 404


def test_the_applicant_sees_the_reason_but_never_the_internal_note(client, edition_1, coordinator):
    accession = AccessionFactory()
    act(client, accession, "request-changes", reason="Add your region.", internal_note="SECRET")

    client.force_login(accession.user)
    detail = client.get(accession.get_absolute_url()).content.decode()
    dashboard = client.get(reverse("accession:dashboard")).content.decode()

    assert "Add your region." in detail
    assert "SECRET" not in detail + dashboard
    assert coordinator.email not in detail


def test_the_signatory_answers_a_suspension_from_their_page(client, edition_1, coordinator):
    accession = AccessionFactory(status=Status.APPROVED)
    act(client, accession, "suspend", reason="Explain the post of 3 May.")
    client.force_login(accession.user)

    page = client.get(accession.get_absolute_url()).content.decode()
    client.post(
        reverse("accession:respond", args=[accession.public_id]), {"response": "A quotation."}
    )

    assert "Explain the post of 3 May." in page
    accession.refresh_from_db()
    assert accession.signatory_response == "A quotation."


@pytest.mark.parametrize("size", [1, 10, 60])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, edition_1, coordinator, django_assert_max_num_queries, size
):
    for accession in AccessionFactory.create_batch(size):
        review.take(coordinator, accession)
    OrganizationAccessionFactory.create_batch(2)

    # Session, user (with group and authenticator), counts, the claims and the concerns waiting,
    # page, the header's public entries, and the session saved again in a savepoint (coordinators'
    # idle timeout slides, written at most once a minute).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("review:queue"))

    assert response.status_code == 200


@pytest.mark.parametrize("changes", [1, 10, 40])
def test_the_request_page_runs_a_fixed_number_of_queries(
    client, edition_1, coordinator, django_assert_max_num_queries, changes
):
    accession = OrganizationAccessionFactory()
    others = [CoordinatorFactory() for _ in range(3)]
    for number in range(changes):
        review.take(others[number % 3], accession, takeover=True)
        review.record_private_view(others[number % 3], accession)

    # One more than the page itself needs: the header's public entries
    # (accession/context_processors). One of the page's own lists the views of the private
    # data, this visit's among them, another the concerns about the signatory.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("review:request", args=[accession.public_id]))

    assert response.status_code == 200


def test_a_coordinator_on_their_own_case_reads_only_what_the_applicant_reads(
    client, edition_1, coordinator
):
    accession = AccessionFactory(user=coordinator, status=Status.SUBMITTED)
    colleague = CoordinatorFactory(email="colleague-coordinator@example.org")
    review.take(colleague, accession)
    review.request_changes(
        colleague, accession, reason="Add your region.", internal_note="INTERNALMARKER"
    )

    response = client.get(reverse("review:request", args=[accession.public_id]))

    content = response.content.decode()
    assert "You are the applicant." in content
    assert "INTERNALMARKER" not in content
    assert "colleague-coordinator@example.org" not in content
    assert accession.get_absolute_url() in content
    assert not PrivateDataView.objects.filter(accession=accession, coordinator=coordinator).exists()


def test_a_request_withdrawn_while_it_is_being_opened_gives_a_message_not_an_error(
    client, edition_1, coordinator, monkeypatch
):
    accession = AccessionFactory(status=Status.SUBMITTED)
    record = review.record_private_view

    def withdrawn_meanwhile(user, opened):
        services.withdraw(accession.user, accession)
        return record(user, opened)

    monkeypatch.setattr(review, "record_private_view", withdrawn_meanwhile)

    response = client.get(reverse("review:request", args=[accession.public_id]), follow=True)

    assert response.status_code == 200
    assert "Not possible while the accession is withdrawn." in response.content.decode()
    accession.refresh_from_db()
    assert (accession.status, accession.reviewer) == (Status.WITHDRAWN, None)


def test_an_invalid_decision_shows_the_form_with_its_errors(client, edition_1, coordinator):
    accession = AccessionFactory()

    response = act(client, accession, "reject", reason="x" * 3001)

    assert response.status_code == 400
    content = response.content.decode()
    assert "&lt;ul" not in content
    assert response.context["form"].errors["reason"]
    assert 'class="errorlist' in content
    accession.refresh_from_db()
    assert accession.status == Status.SUBMITTED


def test_the_queues_pages_keep_every_filter(client, edition_1, coordinator):
    for _ in range(51):
        AccessionFactory(region="gomel")

    content = client.get(
        reverse("review:queue"), {"kind": "individual", "region": "gomel"}
    ).content.decode()

    assert "?kind=individual&amp;region=gomel&amp;page=2" in content


def test_a_request_without_history_rows_opens(client, edition_1, coordinator):
    """Bulk loads (demo data, imports) write no history rows."""
    accession = AccessionFactory(status=Status.SUBMITTED)
    accession.signatory.history.all().delete()
    accession.history.all().delete()

    response = client.get(reverse("review:request", args=[accession.public_id]))

    assert response.status_code == 200


# What the desk confirms, and the record it keeps


@pytest.mark.parametrize(
    ("status", "action", "confirmation"),
    [
        (Status.SUBMITTED, "approve", "Approved. The signatory has been told."),
        (
            Status.SUBMITTED,
            "reject",
            "Rejected. The signatory has been told and can read your reason on their page.",
        ),
        (Status.SUBMITTED, "request-changes", "Changes requested. The signatory has been told."),
        (Status.APPROVED, "suspend", "Suspended. The entry is off every public page"),
        (Status.SUSPENDED, "reinstate", "Reinstated. The signatory has been told."),
        (Status.SUSPENDED, "propose-expulsion", "Expulsion proposed. Another coordinator"),
    ],
)
def test_each_decision_confirms_what_was_done_and_who_was_told(
    client, edition_1, coordinator, status, action, confirmation
):
    accession = AccessionFactory(status=status)

    response = act(client, accession, action, reason="Because.")

    content = client.get(response["Location"]).content.decode().replace("&#x27;", "'")
    assert confirmation in content
    assert "Done." not in content


def test_a_confirmed_expulsion_confirms_it(client, edition_1, coordinator):
    accession = AccessionFactory(status=Status.SUSPENDED)
    review.propose_expulsion(CoordinatorFactory(), accession, reason="Violence.")

    response = act(client, accession, "confirm-expulsion")

    assert (
        "Expelled. The signatory has been told."
        in client.get(response["Location"]).content.decode()
    )


def test_a_refused_decision_is_not_confirmed(client, edition_1, coordinator):
    accession = AccessionFactory(status=Status.WITHDRAWN)

    response = act(client, accession, "approve")

    content = client.get(response["Location"]).content.decode()
    assert "Approved." not in content
    assert "Not possible while the accession is withdrawn." in content


def test_the_page_after_a_decision_records_no_second_view(client, edition_1, coordinator):
    accession = AccessionFactory()
    client.get(reverse("review:request", args=[accession.public_id]))

    response = act(client, accession, "approve")
    client.get(response["Location"])

    assert PrivateDataView.objects.filter(accession=accession).count() == 1


def test_a_visit_after_a_while_is_recorded_again(client, edition_1, coordinator):
    accession = AccessionFactory()
    client.get(reverse("review:request", args=[accession.public_id]))
    PrivateDataView.objects.update(at=timezone.now() - review.VISIT - timedelta(seconds=1))

    client.get(reverse("review:request", args=[accession.public_id]))

    assert PrivateDataView.objects.filter(accession=accession).count() == 2


def test_another_coordinators_visit_is_recorded_as_theirs(client, edition_1, coordinator):
    accession = AccessionFactory()
    review.record_private_view(CoordinatorFactory(), accession)

    client.get(reverse("review:request", args=[accession.public_id]))

    assert PrivateDataView.objects.filter(accession=accession, coordinator=coordinator).exists()


def timeline_of(client, accession):
    content = client.get(reverse("review:request", args=[accession.public_id])).content.decode()
    return content[content.index('<ol class="timeline">') :]


def test_the_timeline_names_changed_fields_and_times_in_words_in_minsk_time(
    client, edition_1, coordinator
):
    accession = AccessionFactory()
    review.approve(CoordinatorFactory(), accession)
    accession.refresh_from_db()
    minsk = timezone.localtime(accession.approved_at, ZoneInfo("Europe/Minsk"))

    timeline = timeline_of(client, accession)

    assert f"First approved: — → {date_format(minsk, 'DATETIME_FORMAT')}" in timeline
    assert "Status: submitted → approved" in timeline
    assert not re.search(
        r"\d\d:\d\d:\d\d|\+00:00|\.\d{6}", re.sub(r'datetime="[^"]*"', "", timeline)
    )


def test_the_timelines_times_carry_no_microseconds(client, edition_1, coordinator):
    accession = AccessionFactory()
    review.approve(CoordinatorFactory(), accession)

    timeline = timeline_of(client, accession)

    stamps = re.findall(r'<time datetime="([^"]+)"', timeline)
    assert stamps
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0300", stamp) for stamp in stamps)


def test_the_timeline_shows_a_reason_once(client, edition_1, coordinator):
    accession = AccessionFactory()
    review.reject(CoordinatorFactory(), accession, reason="Not a defender.")

    assert timeline_of(client, accession).count("Not a defender.") == 1
