"""A live Madangan with the demo data, served on loopback for Playwright to drive in Chromium.

The live server has a database of its own (a second PostgreSQL database when
TEST_DATABASE_URL is set), because its requests commit for real.
"""
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from app import create_app
from tests.conftest import live_database_url, serving, testing_config

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """Every browser signs in from 127.0.0.1: dozens of sign-ins a minute are the tests' days,
    not an attack (tests/auth checks the limit)."""
    return create_app({**testing_config(live_database_url(tmp_path_factory, "live")),
                       "SIGN_IN_RATE_LIMIT": "1000 per minute"})


@pytest.fixture(scope="session")
def live_server(live_app):
    with serving(live_app) as url:
        yield url


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


# --- a role's day: both languages, a phone and a desktop, axe on every page -------------------

LOCALES = ("id", "en")
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
# axe-core's impacts that fail a page; "minor" and "moderate" findings are only reported.
FAILING_IMPACTS = {"serious", "critical"}
AXE = Axe()


def accessibility_problems(page):
    """The serious or critical axe-core violations on the page, one line each."""
    results = AXE.run(page).response
    return [f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + "; ".join(node["target"][0] if isinstance(node["target"][0], str)
                        else str(node["target"]) for node in violation["nodes"][:5])
            for violation in results["violations"] if violation["impact"] in FAILING_IMPACTS]


def focus_is_visible(page):
    """Whether the focused element matches :focus-visible and draws an outline or a ring."""
    return page.evaluate("""() => {
        const element = document.activeElement;
        const style = getComputedStyle(element);
        const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return element.matches(':focus-visible') && (outlined || style.boxShadow !== 'none');
    }""")


def tab_to(page, selector, most=80):
    """Press Tab until the element matching `selector` has the focus, seeing the focus on each
    element passed on the way."""
    for _press in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert focus_is_visible(page), f"no visible focus on {focused}"
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_language(page, locale):
    """Press the navigation's button for the language."""
    page.locator(f"#language-switch button[value={locale}]").click()


class Day:
    """One person's day in the browser at one screen size and in one language: `visit` or
    `check` each page, which runs axe-core on it (no serious or critical violation), checks
    that nothing makes the page wider than the screen, and saves a screenshot under
    test-artifacts/<role>-<screen>-<locale>-<name>.png."""

    def __init__(self, page, live_server, role, screen, locale):
        self.page, self.live_server = page, live_server
        self.role, self.screen, self.locale = role, screen, locale
        self.problems = {}

    def sign_in(self, email, password):
        """Sign in whatever the page's language, then choose the day's language."""
        page = self.page
        page.goto(self.live_server + "/sign-in")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.locator("form:has(input[name=password]) [type=submit]").click()
        choose_language(page, self.locale)
        assert page.locator("html").get_attribute("lang") == self.locale

    def visit(self, path, name):
        response = self.page.goto(self.live_server + path)
        assert response.status < 400, (path, response.status)
        self.check(name)

    def check(self, name):
        """Audit and photograph the page as it is now."""
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(
            ARTIFACTS / f"{self.role}-{self.screen}-{self.locale}-{name}.png"), full_page=True)
        problems = accessibility_problems(self.page)
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:  # the whole page scrolls sideways: something is wider than the screen
            problems.append(f"the page is {overflow}px wider than the {self.screen}'s screen")
        if problems:
            self.problems[name] = problems

    def assert_accessible(self):
        assert self.problems == {}, "\n".join(
            f"{name}: {line}" for name, lines in self.problems.items() for line in lines)


@pytest.fixture(params=[(screen, locale) for screen in SCREENS for locale in LOCALES],
                ids=lambda param: f"{param[0]}-{param[1]}")
def day_context(browser, request):
    """A fresh browser (cookies of its own) at a phone's or a desktop's size, for a day in
    Indonesian or English: (page, screen, locale)."""
    screen, locale = request.param
    context = browser.new_context(viewport=SCREENS[screen], locale=f"{locale}-ID")
    yield context.new_page(), screen, locale
    context.close()
