import os
import subprocess
import sys

from django.conf import settings


def run_settings(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=settings.BASE_DIR,
        env=environment | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    result = run_settings()

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_load_with_a_secret_key():
    result = run_settings(SECRET_KEY="x" * 50)

    assert result.returncode == 0, result.stderr


def test_settings_load_without_secret_key_in_debug():
    result = run_settings(DEBUG="true")

    assert result.returncode == 0, result.stderr
