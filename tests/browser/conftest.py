"""Headless Chromium driven by Playwright: $CHROMIUM if set, else Debian's /usr/bin/chromium, else
the one Playwright installed under PLAYWRIGHT_BROWSERS_PATH. `make test` installs one when none is
there (tools/ensure-chromium, which looks in the same order)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

SYSTEM_CHROMIUM = "/usr/bin/chromium"
# No network but the test server: Chromium must not call home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


def chromium_executable():
    """The Chromium to launch, or None for Playwright's own."""
    if named := os.environ.get("CHROMIUM"):
        if not os.access(named, os.X_OK):
            pytest.fail(f"CHROMIUM={named} is not an executable file.", pytrace=False)
        return named
    if os.access(SYSTEM_CHROMIUM, os.X_OK):
        return SYSTEM_CHROMIUM
    # Where tools/ensure-chromium installs it.
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", str(Path(cache) / "ms-playwright"))
    return None


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright

    executable = chromium_executable()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as error:
            if executable or "Executable doesn't exist" not in error.message:
                raise
            browser = None
        if browser is None:
            pytest.fail(
                f"No Chromium: neither {SYSTEM_CHROMIUM} nor Playwright's own in "
                f"{os.environ['PLAYWRIGHT_BROWSERS_PATH']}. Run `make test`, which installs one "
                "(or set CHROMIUM to a Chromium executable).",
                pytrace=False,
            )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
