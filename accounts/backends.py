from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from .models import User
from .policy import COORDINATORS


class AuthenticationBackend(AllauthBackend):
    """allauth's, reading with the signed-in user, in the same query, whether they coordinate
    and whether they have a second factor: every page they open asks (the menu, the review desk's
    and admin's gate), and two more queries a page cost more than this one's two subqueries."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.annotate(
                _is_coordinator=Exists(
                    Group.objects.filter(name=COORDINATORS, user=OuterRef("pk"))
                ),
                _has_second_factor=Exists(Authenticator.objects.filter(user=OuterRef("pk"))),
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
