"""Browser tests: a real ASGI server (daphne) in a subprocess, Debian's Chromium via Playwright.

The server owns its own SQLite file and the in-memory channel layer, so HTTP, websockets and
the database all live in that one process; the test process only drives browsers and sets up
data through `manage.py`. DATABASE_URL and REDIS_URL are dropped for the server on purpose:
the in-memory layer is per process, and the browser flow needs nothing else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from bench.ports import free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BASE_DIR = Path(settings.BASE_DIR)
ARTIFACTS = BASE_DIR / "artifacts"
PASSWORD = "pw-e2e-designroom"


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class LiveServer:
    def __init__(self, url: str, env: dict) -> None:
        self.url = url
        self.env = env
        self.usernames: set[str] = set()

    def create_user(self, username: str, email: str = "") -> str:
        # The server lives for the whole run, so two test files must not pick the same name.
        if username in self.usernames:
            raise AssertionError(f"user {username!r} exists already on this server: pick another")
        self.usernames.add(username)
        _manage(
            self.env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_user(username={username!r}, password={PASSWORD!r},"
            f" email={email!r})",
        )
        return username


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright Python package is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def live_asgi(tmp_path_factory, chromium_path) -> Iterator[LiveServer]:
    """daphne serving the app on a free port, on a fresh SQLite file."""
    yield from asgi_serve(tmp_path_factory, "e2e")


def asgi_serve(tmp_path_factory, name: str, **extra_env: str) -> Iterator[LiveServer]:
    """A daphne of its own on a fresh SQLite file (``extra_env``: settings from the
    environment, e.g. an email backend that writes files a test can read)."""
    db = tmp_path_factory.mktemp(name) / f"{name}.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        SQLITE_PATH=str(db),
        PYTHONUNBUFFERED="1",
        INSIGHT_ENABLED="1",  # the live analysis (off by default in the test settings)
        INSIGHT_DEBOUNCE_SECONDS="1",
        **extra_env,
    )
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "loadcontent", "-v", "0")
    port = free_port()
    log = (tmp_path_factory.getbasetemp() / f"daphne-{name}.log").open("w")
    daphne = shutil.which("daphne", path=str(Path(sys.executable).parent)) or "daphne"
    proc = subprocess.Popen(
        [daphne, "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if proc.poll() is not None:
                raise RuntimeError(f"daphne exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("daphne did not answer within 20 s")
        yield LiveServer(url, env)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# Module scope: Playwright's sync API keeps an event loop running in this thread while it is
# open, and async tests that run after it in the same session would fail to start theirs.
@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every page reports what the Content-Security-Policy blocked, as a console error.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _is_csp_report(text: str) -> bool:
    return "CSP violation" in text or "Content Security Policy" in text


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (its own cookies: one person each).

    The server enforces the CSP (test settings); any violation on any page fails the test
    (``page.csp_violations`` lists them; a test that provokes one on purpose clears it).
    """
    contexts, pages = [], []

    def make(viewport=None):
        context = browser.new_context(viewport=viewport or {"width": 1440, "height": 900})
        context.set_default_timeout(15_000)
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.csp_violations = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: page.csp_violations.append(msg.text) if _is_csp_report(msg.text) else None,
        )
        pages.append(page)
        return page

    yield make
    violations = [v for page in pages for v in page.csp_violations]
    for context in contexts:
        context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def sign_in(page, server: LiveServer, username: str) -> None:
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form").first.locator("[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, "sign-in failed"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.screenshot(path=str(path), full_page=True)
    return path
