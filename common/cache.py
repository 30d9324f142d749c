"""The cache keeps its keys only as keyed hashes and is rid of expired entries daily."""

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone
from django.utils.crypto import salted_hmac


def hashed_key(key: str, key_prefix: str, version: int) -> str:
    """The cache's KEY_FUNCTION. allauth's keys name client addresses, (unkeyed hashes of)
    e-mail addresses and account ids, which a copy of the cache table must not reveal; an HMAC
    under a key derived from SECRET_KEY keeps them apart without saying what they are."""
    return salted_hmac(
        "common.cache.hashed_key", f"{key_prefix}:{version}:{key}", algorithm="sha256"
    ).hexdigest()


def delete_expired_entries() -> None:
    """Delete the expired rows of every database cache: Django itself deletes them only when
    the table is full, so they would otherwise stay for good."""
    for backend in caches.all():
        if not isinstance(backend, DatabaseCache):
            continue
        connection = connections[router.db_for_write(backend.cache_model_class)]
        table = connection.ops.quote_name(backend.cache_model_class._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])  # noqa: S608
