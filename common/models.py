from django.db import models


class PublicVersion(models.Model):
    """One row whose value changes, in the same transaction, with anything the public sees.

    Anonymous pages are cached under it (common/page_cache.py), so a change — "hide me now"
    above all — is in every public output from the next request on. The value is random rather
    than counted: after a database restore, a counter would repeat values that cached pages of
    the lost timeline still carry."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"public version {self.value:x}"
