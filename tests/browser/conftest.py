"""A live Madangan with the demo data, served on loopback for Playwright to drive in Chromium.

The live server has a database of its own (a second PostgreSQL database when
TEST_DATABASE_URL is set), because its requests commit for real.
"""
import os
import threading
from pathlib import Path

import flask_migrate
import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import create_engine, make_url, text
from werkzeug.serving import make_server

from app import create_app
from app.demo import seed_demo
from app.extensions import db
from tests.conftest import PASSWORD, testing_config

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


def live_database_url(tmp_path_factory):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return "sqlite:///" + str(tmp_path_factory.mktemp("live") / "live.sqlite")
    url = make_url(base)
    live = url.set(database=f"{url.database}_live")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{live.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{live.database}"'))
    engine.dispose()
    return live.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    app = create_app(testing_config(live_database_url(tmp_path_factory)))
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(PASSWORD)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, with the flags an offline machine needs."""
    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
