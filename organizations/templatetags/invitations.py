from django import template
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


@register.filter
def is_invitation(url: str) -> bool:
    """Whether `url`, where the login or sign-up page returns to, is an invitation to accept.
    Only the address is read, never the invitation: these pages tell its holder nothing more
    than the link does, and tell nothing at all to anyone else."""
    # Only a relative address of this site, as allauth would follow.
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return False
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return False
    return match.view_name == "organizations:accept_invitation"
