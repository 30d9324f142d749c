from django import template
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


def _view_name(url: str) -> str:
    """The view a relative address of this site leads to, or "" (only the address is read)."""
    # Only a relative address of this site, as allauth would follow.
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return ""
    try:
        return resolve(url.split("?", 1)[0]).view_name
    except Resolver404:
        return ""


@register.filter
def is_invitation(url: str) -> bool:
    """Whether `url`, where the login or sign-up page returns to, is an invitation to accept.
    Only the address is read, never the invitation: these pages tell its holder nothing more
    than the link does, and tell nothing at all to anyone else."""
    return _view_name(url) == "organizations:accept_invitation"


@register.filter
def is_way_to_accede(url: str) -> bool:
    """Whether `url` is a form to accede (or to register the organization that will)."""
    return _view_name(url) in {
        "accession:accede",
        "accession:accede_organization",
        "organizations:register",
    }
