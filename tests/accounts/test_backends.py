"""Who a signed-in person is, read once per request with what every page asks of them."""

import pytest

from accounts.backends import AuthenticationBackend
from accounts.policy import has_second_factor, is_coordinator
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_with_a_second_factor_is_read_as_both_in_one_query(
    django_assert_num_queries,
):
    coordinator = CoordinatorFactory()

    with django_assert_num_queries(1):
        user = AuthenticationBackend().get_user(coordinator.pk)
        assert is_coordinator(user) and has_second_factor(user)


def test_a_person_who_does_not_coordinate_is_read_as_neither_in_one_query(
    django_assert_num_queries,
):
    person = UserFactory()
    CoordinatorFactory(totp=False)

    with django_assert_num_queries(1):
        user = AuthenticationBackend().get_user(person.pk)
        assert not is_coordinator(user) and not has_second_factor(user)


def test_a_coordinator_without_a_second_factor_is_read_as_such(django_assert_num_queries):
    coordinator = CoordinatorFactory(totp=False)

    with django_assert_num_queries(1):
        user = AuthenticationBackend().get_user(coordinator.pk)
        assert is_coordinator(user) and not has_second_factor(user)


def test_a_deactivated_account_is_no_signed_in_user():
    person = UserFactory(is_active=False)

    assert AuthenticationBackend().get_user(person.pk) is None


def test_an_account_gone_is_no_signed_in_user():
    assert AuthenticationBackend().get_user(123456) is None


def test_the_user_id_kept_in_the_session_as_text_reads_the_same_person():
    person = UserFactory()

    assert AuthenticationBackend().get_user(str(person.pk)) == person


def test_being_a_coordinator_and_having_a_second_factor_are_read_as_true_or_false():
    user = AuthenticationBackend().get_user(CoordinatorFactory(totp=False).pk)

    assert (user._is_coordinator, user._has_second_factor) == (True, False)
