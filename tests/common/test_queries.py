"""Queries compiled once per process and run with each request's values."""

import pytest
from django.db.models import Count

from accounts.models import User
from common.queries import Prepared
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

AFTER_BY_EMAIL = Prepared(
    lambda pk, email: User.objects.filter(pk__gt=pk).exclude(email=email).order_by("email"),
    pk=-1,
    email="\x00email",
)


def test_a_prepared_query_gives_what_the_orm_gives_for_the_values_given():
    first, *_others = [UserFactory(email=f"{name}@example.org") for name in "cab"]

    found = list(AFTER_BY_EMAIL(pk=first.pk, email="b@example.org"))

    assert found == list(
        User.objects.filter(pk__gt=first.pk).exclude(email="b@example.org").order_by("email")
    )
    assert [user.email for user in found] == ["a@example.org"]


def test_a_prepared_query_is_the_sql_the_orm_builds_for_the_same_values():
    sql, params = (
        User.objects.filter(pk__gt=7).exclude(email="b@example.org").order_by("email")
    ).query.sql_with_params()

    assert AFTER_BY_EMAIL.bound(pk=7, email="b@example.org") == (sql, list(params))


def test_a_prepared_query_gives_its_annotations_as_attributes():
    coordinator = CoordinatorFactory()
    with_groups = Prepared(
        lambda pk: User.objects.annotate(groups_in=Count("groups")).filter(pk=pk), pk=-1
    )

    (user,) = with_groups(pk=coordinator.pk)

    assert (user, user.groups_in) == (coordinator, 1)


def test_a_stand_in_the_query_does_not_use_is_refused():
    everyone = Prepared(lambda pk: User.objects.all(), pk=-1)

    with pytest.raises(ValueError, match="stand-ins for pk"):
        everyone(pk=1)


def test_a_prepared_query_run_without_a_value_for_each_stand_in_is_refused():
    with pytest.raises(TypeError, match="takes pk, email"):
        AFTER_BY_EMAIL(pk=1)
