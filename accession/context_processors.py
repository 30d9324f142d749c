from django.http import HttpRequest

from . import selectors


def hide_now(request: HttpRequest) -> dict[str, list[str]]:
    """Template context for the header's "Hide me now": the person's public entries (see
    selectors.public_entries). One query per request, and only for a signed-in person, since
    every page they open shows the button."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"public_entries": []}
    if not hasattr(request, "_public_entries"):
        request._public_entries = selectors.public_entries(user)  # type: ignore[attr-defined]
    return {"public_entries": request._public_entries}  # type: ignore[attr-defined]
