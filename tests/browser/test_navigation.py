"""The navigation works without a mouse and without JavaScript: on a phone one menu holds every
link, on a desktop the administration links and the account are dropdowns; the page the reader
is on is marked; the language buttons switch at once."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOCALES, SCREENS, Day, choose_language, tab_to
from tests.conftest import PASSWORD


@pytest.mark.parametrize("locale", LOCALES)
def test_on_a_phone_the_menu_opens_and_leads_on_with_the_keyboard(browser, live_server, locale):
    context = browser.new_context(viewport=SCREENS["phone"], locale=f"{locale}-ID")
    page = context.new_page()
    day = Day(page, live_server, "admin", "phone", locale)
    day.sign_in("admin@madangan.example", PASSWORD)
    expect(page.locator(".navbar-links")).to_be_hidden()
    page.locator("body").focus()
    tab_to(page, "#site-menu summary")
    page.keyboard.press("Enter")
    expect(page.locator("#site-menu")).to_have_attribute("open", "")
    day.check("menu-open")
    tab_to(page, "#site-menu a[href='/admin/users']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/admin/users")
    expect(page.locator("#site-menu a[aria-current=page]")).to_have_attribute(
        "href", "/admin/users")
    expect(page.locator("#site-menu")).not_to_have_attribute("open", "")  # a new page, closed
    day.assert_accessible()
    context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_on_a_desktop_the_links_are_in_sight_and_the_dropdowns_open_with_the_keyboard(
        browser, live_server, locale):
    context = browser.new_context(viewport=SCREENS["desktop"], locale=f"{locale}-ID")
    page = context.new_page()
    day = Day(page, live_server, "admin", "desktop", locale)
    day.sign_in("admin@madangan.example", PASSWORD)
    expect(page.locator("#site-menu")).to_be_hidden()
    links = page.locator(".navbar-links")
    expect(links.locator("a[aria-current=page]")).to_have_attribute("href", "/")
    # One row: every link of an administrator beside the brand, nothing wrapped below it.
    tops = links.locator(":scope > *").evaluate_all(
        "items => items.map(item => item.getBoundingClientRect().top)")
    assert len(set(tops)) == 1, tops
    for dropdown, item, lands_on in (
            (".navbar-links", "a[href='/admin/audit']", "/admin/audit"),
            ("#account-menu", "button[type=submit]", "/sign-in")):  # signing out
        page.locator("body").focus()
        tab_to(page, f"{dropdown} summary")
        page.keyboard.press("Enter")
        day.check(f"{dropdown.strip('.#')}-open")
        tab_to(page, f"{dropdown} {item}")
        page.keyboard.press("Enter")
        expect(page).to_have_url(live_server + lands_on)
    day.assert_accessible()
    context.close()


def test_the_language_buttons_switch_and_say_which_is_on(page, live_server):
    page.goto(live_server + "/sign-in")
    for locale, other in (("en", "id"), ("id", "en")):
        choose_language(page, locale)
        expect(page.locator("html")).to_have_attribute("lang", locale)
        expect(page.locator(f"#language-switch button[value={locale}]")).to_have_attribute(
            "aria-pressed", "true")
        expect(page.locator(f"#language-switch button[value={other}]")).to_have_attribute(
            "aria-pressed", "false")
    expect(page).to_have_url(live_server + "/sign-in")
