from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from common.queries import Prepared

from .models import User
from .policy import COORDINATORS

# Compiling its two subqueries cost more than running the whole query.
SIGNED_IN = Prepared(
    lambda pk: User._default_manager.annotate(
        _is_coordinator=Exists(Group.objects.filter(name=COORDINATORS, user=OuterRef("pk"))),
        _has_second_factor=Exists(Authenticator.objects.filter(user=OuterRef("pk"))),
    ).filter(pk=pk),
    pk=-1,
)


class AuthenticationBackend(AllauthBackend):
    """allauth's, reading with the signed-in user, in the same query, whether they coordinate
    and whether they have a second factor: every page they open asks (the menu, the review desk's
    and admin's gate), and two more queries a page cost more than this one's two subqueries."""

    def get_user(self, user_id):
        user = next(iter(SIGNED_IN(pk=User._meta.pk.to_python(user_id))), None)
        if user is None:
            return None
        # SQLite gives the two as 1 and 0.
        user._is_coordinator = bool(user._is_coordinator)
        user._has_second_factor = bool(user._has_second_factor)
        return user if self.user_can_authenticate(user) else None
