import secrets


def new_public_id() -> str:
    """A random public identifier: nothing about the record, its age or its neighbours."""
    return secrets.token_hex(8)


def new_token() -> str:
    """A random single-use token for a link (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)
