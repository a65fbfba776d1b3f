"""Browser fixtures: the app on a real WSGI server, and the Debian Chromium driven by Playwright.

No browser is ever downloaded: the tests use /usr/bin/chromium and skip without it. Mark browser
tests with `@pytest.mark.browser`; `pytest -m "not browser"` leaves them out.

Two servers: `live_server` serves the per-test `app` (for tests that change configuration), and
`session_server` serves one app for the whole run, on a fresh SQLite file (for journeys, which
only need a working site). `new_page` opens a page in a fresh browser context on it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from webapp import create_app
from webapp.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Screen:
    """A browser window to walk a journey in: a desktop, or a phone in Chromium's mobile
    emulation (touch, and a layout viewport that follows the page as a phone's does)."""

    width: int
    height: int
    mobile: bool

    @property
    def name(self) -> str:
        return str(self.width)

    def context_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"viewport": {"width": self.width, "height": self.height}}
        if self.mobile:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=1)
        return options


DESKTOP = Screen(1280, 900, mobile=False)
PHONE = Screen(375, 812, mobile=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Chromium (/usr/bin/chromium); deselect with -m 'not browser'"
    )


@dataclass
class LiveServer:
    """A WSGI app served in a thread on a free loopback port."""

    server: BaseWSGIServer
    thread: threading.Thread

    @property
    def origin(self) -> str:
        return f"http://{self.server.host}:{self.server.server_port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def serve(wsgi_app: Callable[..., Any], host: str = "127.0.0.1") -> LiveServer:
    """Start `wsgi_app` on `host` and a port the system picks; call `.stop()` when done."""
    server = make_server(host, 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=f"live-{host}", daemon=True)
    thread.start()
    return LiveServer(server, thread)


@pytest.fixture
def database_url(tmp_path) -> str:
    """A SQLite file the server's threads share (the browser tests are not about the backend)."""
    return "sqlite:///" + str(tmp_path / "browser.sqlite3")


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """The test app (configure it with `app_settings`) on http://127.0.0.1:<free port>."""
    server = serve(app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("Chromium not found: apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies, no storage) and a page in it."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=lambda screen: f"{screen.width}px")
def screen(request: pytest.FixtureRequest) -> Screen:
    """Each journey that asks for `screen` runs at 1280 px and again on a 375 px phone."""
    return request.param


@pytest.fixture(scope="session")
def session_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One test app for the whole run, on a SQLite file of its own."""
    folder = tmp_path_factory.mktemp("browser-session")
    app = create_app(
        {"ENV_NAME": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'veiviser.sqlite3'}"}
    )
    app.instance_path = str(folder / "instance")
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def session_server(session_app: Flask, chromium: Path) -> Iterator[LiveServer]:
    """`session_app` on http://127.0.0.1:<free port>, started once (only when Chromium is there)."""
    server = serve(session_app)
    yield server
    server.stop()


@pytest.fixture
def new_page(browser: Any, session_server: LiveServer) -> Iterator[Callable[..., Any]]:
    """`new_page(**context_options)`: a page in a fresh browser context whose base URL is the
    session server (so `page.goto("/nb/")` works). Every context is closed after the test."""
    contexts: list[Any] = []

    def open_page(**context_options: Any) -> Any:
        context = browser.new_context(base_url=session_server.origin, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
