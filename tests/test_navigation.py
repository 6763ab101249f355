"""Each role's navigation holds the links of that role only, marks the page the reader is on,
and offers the other language to everyone, visitors included."""
import re

import pytest


EVERYONE = {"/", "/calendar", "/certificates", "/notifications/preferences", "/account/password",
            "/account/tokens"}
LINKS = {
    "participant": EVERYONE,
    "coach": EVERYONE | {"/mentoring/", "/seminar"},
    "organiser": EVERYONE | {"/manage/", "/manage/scores/"},
    "admin": EVERYONE | {"/manage/", "/manage/scores/", "/admin/users", "/admin/organisations",
                         "/admin/learning-records", "/admin/outbox", "/admin/audit"},
}


def menu_links(page):
    """The links of the phone's menu, which holds every link of the navigation."""
    menu = page.split('id="site-menu"', 1)[1].split("</details>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', menu))


@pytest.mark.parametrize("role", LINKS)
def test_each_role_sees_its_own_links(client, sign_in_en, make_user, make_organisation, role):
    sign_in_en(make_user(roles=(role,), organisation=make_organisation()
                         if role == "organiser" else None))
    page = client.get("/calendar").text
    assert menu_links(page) == LINKS[role]
    assert ("Administration" in page) == (role == "admin")
    current = re.findall(r'<a class="[^"]*active" aria-current="page" href="([^"]+)"', page)
    assert current == ["/calendar", "/calendar"]  # in the desktop links and the phone's menu


def test_a_visitor_sees_the_language_buttons_and_no_menu(client):
    page = client.get("/sign-in").text
    assert "site-menu" not in page and "account-menu" not in page
    assert re.findall(r'name="locale" value="(\w+)" lang="\w+" title="[^"]+" aria-pressed="(\w+)"',
                      page) == [("id", "true"), ("en", "false")]
