"""Every response carries a strict Content Security Policy and the other security headers;
production cookies are Secure, HttpOnly and SameSite."""
import flask_migrate
import pytest

from app import create_app
from app.auth import services as accounts
from app.extensions import db as _db
from tests.conftest import PASSWORD


def policy(response):
    return dict(part.strip().split(" ", 1)
                for part in response.headers["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("path", ["/sign-in", "/verify", "/health", "/no-such-page"])
def test_pages_forbid_inline_scripts_framing_and_foreign_sources(client, path):
    response = client.get(path)
    csp = policy(response)
    assert csp["default-src"] == "'none'"
    assert csp["script-src"] == "'self'"  # no inline script, no eval, nothing from elsewhere
    assert csp["style-src"].startswith("'self' 'nonce-")
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'" and csp["form-action"] == "'self'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_nonce_is_new_on_every_response(client):
    first, second = (policy(client.get("/sign-in"))["style-src"] for _ in range(2))
    assert first != second


def test_the_pages_have_no_inline_script_or_style_attribute(client, sign_in, organiser, cohort):
    sign_in(organiser)
    for path in ("/sign-in", "/", f"/manage/cohorts/{cohort.id}",
                 f"/manage/cohorts/{cohort.id}/dashboard"):
        html = client.get(path, follow_redirects=True).text
        assert "<script>" not in html and " style=" not in html, path


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    secure = client.get("/sign-in", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.fixture
def production_app(monkeypatch, tmp_path):
    """The app as MADANGAN_ENV=production builds it, on a database of its own with one user."""
    monkeypatch.setenv("MADANGAN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 64)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/production.sqlite",
                      "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
    with app.app_context():
        flask_migrate.upgrade()
        accounts.create_user(email="dewi@madangan.example", name="Dewi", password=PASSWORD)
        _db.session.commit()
    yield app
    with app.app_context():
        _db.engine.dispose()


def test_production_cookies_are_secure_http_only_and_same_site(production_app):
    client = production_app.test_client()
    https = {"base_url": "https://madangan.example",
             "headers": {"Referer": "https://madangan.example/sign-in"}}
    form = client.get("/sign-in", **https).text
    token = form.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/sign-in", data={"email": "dewi@madangan.example",
                                             "password": PASSWORD, "remember": "y",
                                             "csrf_token": token}, **https)
    assert response.status_code == 302
    cookies = {header.split("=", 1)[0]: header
               for header in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "; Secure" in cookies[name] and "; HttpOnly" in cookies[name], cookies[name]
    assert "SameSite=Lax" in cookies["session"]
