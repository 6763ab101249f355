"""A newcomer's pages say what will appear there and how, rather than showing empty tables."""
import pytest

EMPTY_STATES = {
    ("participant",): {
        "/": "You are not enrolled in a training round yet.",
        "/certificates": "You have no certificates yet. Complete a program to receive one.",
        "/notifications": "You have no notifications yet.",
        "/account/tokens": "You have no tokens yet.",
    },
    ("organiser",): {"/manage/": "You do not run any programs yet.",
                     "/manage/scores/": "No scores yet."},
    ("coach",): {"/mentoring/": "No participants are assigned to you yet."},
}


@pytest.mark.parametrize("roles", EMPTY_STATES, ids=lambda roles: roles[0])
def test_a_newcomer_sees_what_will_appear_instead_of_an_empty_table(
        client, sign_in_en, make_user, make_organisation, roles):
    user = make_user(roles=roles, organisation=make_organisation()
                     if "organiser" in roles else None)
    sign_in_en(user)
    for path, message in EMPTY_STATES[roles].items():
        page = client.get(path).text
        assert message in page, path
        assert "<tbody>\n  </tbody>" not in page and "<tbody></tbody>" not in page, path
