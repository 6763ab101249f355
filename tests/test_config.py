"""Configuration from the environment."""
import pytest

from app import create_app
from app.config import from_environment


def test_production_refuses_the_development_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("MADANGAN_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def test_production_starts_with_a_real_secret_key_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("MADANGAN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a" * 64)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_development_defaults_to_sqlite_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = from_environment(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/madangan.sqlite"


@pytest.mark.parametrize("given", ["postgres://u@db/madangan", "postgresql://u@db/madangan"])
def test_postgres_urls_use_psycopg(monkeypatch, given):
    monkeypatch.setenv("DATABASE_URL", given)
    uri = from_environment("/tmp")["SQLALCHEMY_DATABASE_URI"]
    assert uri == "postgresql+psycopg://u@db/madangan"


def test_passwords_are_hashed_with_scrypt_at_owasp_strength_by_default(monkeypatch):
    monkeypatch.delenv("PASSWORD_HASH_METHOD", raising=False)
    assert from_environment("/tmp")["PASSWORD_HASH_METHOD"] == "scrypt:131072:8:1"


def test_redis_url_makes_the_rate_limiter_share_its_counts(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert from_environment("/tmp")["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_no_proxy_is_trusted_unless_configured(monkeypatch, tmp_path):
    """A client could otherwise name any address in X-Forwarded-For and dodge rate limits."""
    monkeypatch.delenv("PROXY_COUNT", raising=False)
    assert from_environment(str(tmp_path))["PROXY_COUNT"] == 0


def test_the_organisations_time_zone_is_jakarta_unless_set_and_dates_the_pages(
        monkeypatch, tmp_path):
    monkeypatch.delenv("TIMEZONE", raising=False)
    assert from_environment(str(tmp_path))["TIMEZONE"] == "Asia/Jakarta"
    monkeypatch.setenv("TIMEZONE", "Asia/Makassar")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.config["TIMEZONE"] == app.config["BABEL_DEFAULT_TIMEZONE"] == "Asia/Makassar"


@pytest.mark.parametrize("zone", ["WIB", "Asia/Atlantis", "../../etc/passwd", ""])
def test_a_time_zone_that_is_not_one_is_refused_at_start(monkeypatch, tmp_path, zone):
    monkeypatch.setenv("TIMEZONE", zone)
    with pytest.raises(RuntimeError, match="TIMEZONE must name a time zone"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
