import os
import subprocess
import sys

import pytest
from django.conf import settings

# The test run's own switches, which a deployment never has.
# What the test run itself sets (CI runs the PostgreSQL tests with the cache in Redis), which a
# deployment with only the documented settings would not have.
NOT_DEPLOYED = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "PAGE_CACHE_URL"}


def clean_environment():
    return {k: v for k, v in os.environ.items() if k not in NOT_DEPLOYED}


def run_settings(code="import config.settings", **env):
    """`code` run in a fresh process with the environment changed by `env` (None unsets)."""
    environment = {k: v for k, v in (clean_environment() | env).items() if v is not None}
    return subprocess.run(  # noqa: S603 - the tests' own code
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def printed(expression, **env):
    """`expression` (of the settings module, `s`) as printed by settings loaded with `env`."""
    code = f"import config.settings as s; print({expression})"
    result = run_settings(code, **{"SECRET_KEY": "x" * 50, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    result = run_settings()

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_load_with_a_secret_key():
    result = run_settings(SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr


def test_settings_refuse_an_unknown_mail_detail():
    result = run_settings(SECRET_KEY="x" * 50, MAIL_DETAIL="everything")

    assert result.returncode != 0
    assert 'MAIL_DETAIL must be "neutral" or "full"' in result.stderr


def test_mail_is_neutral_unless_the_environment_asks_for_more():
    assert printed("s.MAIL_DETAIL", MAIL_DETAIL=None) == "neutral"


def test_settings_load_without_secret_key_in_debug():
    result = run_settings(DEBUG="true")

    assert result.returncode == 0, result.stderr


PRODUCTION = {
    "SECRET_KEY": "a-production-like-secret-key-of-sufficient-length-0123456789-abcdef",
    "ALLOWED_HOSTS": "registry.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=clean_environment() | PRODUCTION,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_harden_headers_and_cookies():
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.SECURE_HSTS_SECONDS,"
            " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SESSION_COOKIE_HTTPONLY,"
            " s.SECURE_REFERRER_POLICY, s.SECURE_CROSS_ORIGIN_OPENER_POLICY,"
            " s.CACHES['default']['BACKEND'])",
        ],
        cwd=settings.BASE_DIR,
        env=clean_environment() | PRODUCTION,
        capture_output=True,
        text=True,
        check=True,
    )

    assert probe.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "same-origin",
        "same-origin",
        "django.core.cache.backends.db.DatabaseCache",
    ]


def operator_and_contact(**env):
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.OPERATOR_NAME, s.CONTACT_EMAIL)",
        ],
        cwd=settings.BASE_DIR,
        env=clean_environment() | {"DEBUG": "true"} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return probe.stdout.strip()


def test_the_operator_and_contact_address_come_from_the_environment():
    found = operator_and_contact(OPERATOR_NAME="Example House", CONTACT_EMAIL="hello@example.org")

    assert found == "Example House hello@example.org"


def test_the_contact_address_defaults_to_the_sites_sender_and_the_operator_to_none():
    found = operator_and_contact(DEFAULT_FROM_EMAIL="registry@example.org")

    assert found == "registry@example.org"


def test_a_redis_cache_url_selects_djangos_redis_cache_with_hashed_keys():
    from config.settings import cache_from_url

    cache = cache_from_url("redis://127.0.0.1:6379/1")

    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert cache["KEY_FUNCTION"] == "common.cache.hashed_key"


def test_a_db_cache_url_selects_the_database_cache():
    from config.settings import DATABASE_CACHE, cache_from_url

    assert cache_from_url("db://") == DATABASE_CACHE


def test_an_unknown_cache_url_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import cache_from_url

    with pytest.raises(ImproperlyConfigured):
        cache_from_url("memcached://127.0.0.1")


def test_a_named_db_cache_url_is_a_table_of_its_own():
    from config.settings import cache_from_url

    assert cache_from_url("db://pages")["LOCATION"] == "registry_pages"


def database_options(**env):
    return printed("s.DATABASES['default']", **env)


POSTGRESQL = "postgres://user@db.example.org/registry"


def test_postgresql_runs_queries_again_as_prepared_statements():
    options = database_options(DATABASE_URL=POSTGRESQL)

    assert "'server_side_binding': True" in options
    assert "'prepare_threshold': 2" in options


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    options = database_options(DATABASE_URL=POSTGRESQL, DATABASE_PREPARED_STATEMENTS="false")

    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options
