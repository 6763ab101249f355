"""Friendly error pages in the reader's language: what happened, and the way back."""
import pytest

from app import create_app
from tests import conftest

PAGES = {
    403: {"id": "Tidak diizinkan", "en": "Not allowed"},
    404: {"id": "Halaman tidak ditemukan", "en": "Page not found"},
    500: {"id": "Terjadi kesalahan", "en": "Something went wrong"},
}


@pytest.fixture(scope="module")
def failing_app(tmp_path_factory):
    """An app whose one extra page fails, as a bug would, with errors handled as in
    production rather than raised into the test."""
    url = "sqlite:///" + str(tmp_path_factory.mktemp("errors") / "errors.sqlite")
    app = create_app({**conftest.testing_config(url), "TESTING": False})

    @app.route("/boom")
    def boom():
        raise RuntimeError("a bug")

    return app


def page_in(client, locale, path):
    client.post("/language", data={"locale": locale, "next": "/"})
    return client.get(path)


@pytest.mark.parametrize("locale", ["id", "en"])
def test_not_found_and_not_allowed_speak_the_readers_language(client, sign_in, participant,
                                                              locale):
    sign_in(participant)
    for code, path in ((404, "/no-such-page"), (403, "/admin/users")):
        response = page_in(client, locale, path)
        assert response.status_code == code
        assert PAGES[code][locale] in response.text and f'lang="{locale}"' in response.text
        assert 'href="/"' in response.text  # the way back to one's learning


@pytest.mark.parametrize("locale", ["id", "en"])
def test_a_crash_shows_a_calm_page_without_details(failing_app, locale):
    client = failing_app.test_client()
    client.get("/sign-in")
    with client.session_transaction() as session:
        session["locale"] = locale
    response = client.get("/boom")
    assert response.status_code == 500
    assert PAGES[500][locale] in response.text
    assert "RuntimeError" not in response.text and "Traceback" not in response.text
