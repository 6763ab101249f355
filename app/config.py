"""Settings from the environment, with defaults that suit development."""
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-only-not-secret"


def _database_url(instance_path):
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "madangan.sqlite")
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_environment(instance_path):
    """Build the configuration mapping for create_app()."""
    production = os.environ.get("MADANGAN_ENV", "development") == "production"
    redis_url = os.environ.get("REDIS_URL")
    # The organisation's time zone: its calendar decides "today", the date a certificate is
    # issued on and the year JP count in; pages show times in it.
    zone = os.environ.get("TIMEZONE", "Asia/Jakarta")
    return {
        "PRODUCTION": production,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        **_security_settings(redis_url),
        # The institution that runs this Madangan, named beside it on every page, and its
        # colour for the navigation bar (white text must stay readable on it).
        "SITE_ORGANISATION": os.environ.get("SITE_ORGANISATION", ""),
        "BRAND_COLOUR": os.environ.get("BRAND_COLOUR", "#0b5d4b"),
        "BABEL_DEFAULT_LOCALE": "id",
        "TIMEZONE": zone,
        "LANGUAGES": {"id": "Bahasa Indonesia", "en": "English"},
        "BOOTSTRAP_SERVE_LOCAL": True,
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(PROJECT_ROOT / "content")),
        # The predicate bands of the action-plan seminar, a TOML file; empty for the shipped
        # app/seminars/data/predicates.toml (whose header says where its ranges come from).
        "SEMINAR_PREDICATE_BANDS": os.environ.get("SEMINAR_PREDICATE_BANDS", ""),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        # Email goes out over SMTP when MAIL_SERVER is set; otherwise it is written to the log.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") == "1",
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL", "") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER",
                                              "Madangan <no-reply@madangan.example>"),
        # Where people open the app: links in emails, which workers write without a request.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://localhost:5000"),
        **_feature_settings(),
    }


def _security_settings(redis_url):
    """Rate limits, proxies and password hashing."""
    return {
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: count in each server's memory meanwhile, rather than fail every sign-in.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "SIGN_IN_RATE_LIMIT": os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute"),
        # Failed sign-ins per account, from any address: slows guessing one person's password
        # from many machines (OWASP ASVS 2.2.1 allows at most 100 an hour).
        "SIGN_IN_ACCOUNT_RATE_LIMIT": os.environ.get("SIGN_IN_ACCOUNT_RATE_LIMIT",
                                                     "10 per hour"),
        # Reset links asked for per account, so nobody can flood a person's inbox.
        "PASSWORD_RESET_RATE_LIMIT": os.environ.get("PASSWORD_RESET_RATE_LIMIT", "3 per hour"),
        # How many proxies in front set X-Forwarded-For and -Proto; 0 trusts no such header,
        # for without a proxy a client could name any address and dodge its rate limits.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        # Per token (or per address without one), on every API endpoint.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "120 per minute"),
        # OWASP ASVS 2.4: scrypt with N=2^17, r=8, p=1.
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt:131072:8:1"),
    }


def _feature_settings():
    """Reminders, the JP target, coaching signals, benchmarks and the Learning Record Store."""
    return {
        # `flask notify due` reminds participants of milestones due within this many days.
        "REMINDER_DAYS_BEFORE_MILESTONE": int(
            os.environ.get("REMINDER_DAYS_BEFORE_MILESTONE", "3")),
        # PP 11/2017: a civil servant's competency development is at least 20 JP a year.
        "JP_ANNUAL_TARGET": int(os.environ.get("JP_ANNUAL_TARGET", "20")),
        # Signals on a coach's or mentor's home: a participant with no activity for this many
        # days, and work waiting for their review or endorsement longer than this many days.
        "SIGNAL_INACTIVE_DAYS": int(os.environ.get("SIGNAL_INACTIVE_DAYS", "7")),
        "SIGNAL_REVIEW_WAITING_DAYS": int(os.environ.get("SIGNAL_REVIEW_WAITING_DAYS", "3")),
        # The SPBE index a region aims for on the benchmark dashboard ("Sangat Baik" from 3.5),
        # and per province where one sets its own, e.g. {"32": 4.0}.
        "BENCHMARK_TARGET_INDEX": float(os.environ.get("BENCHMARK_TARGET_INDEX", "3.5")),
        "BENCHMARK_PROVINCE_TARGETS": {},
        # The Learning Record Store that receives xAPI statements (its base URL, under which
        # `statements` lives); without one, statements are kept and can be exported as JSON.
        "XAPI_ENDPOINT": os.environ.get("XAPI_ENDPOINT", ""),
        "XAPI_USERNAME": os.environ.get("XAPI_USERNAME", ""),
        "XAPI_PASSWORD": os.environ.get("XAPI_PASSWORD", ""),
        "XAPI_TIMEOUT_SECONDS": float(os.environ.get("XAPI_TIMEOUT_SECONDS", "5")),
    }


def _luminance(hex_colour):
    """WCAG 2 relative luminance of an #rrggbb colour."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(hex_colour):
    return 1.05 / (_luminance(hex_colour) + 0.05)


def check(config):
    """Refuse settings that are unsafe in production, or that would make pages unreadable."""
    if config["PRODUCTION"] and config["SECRET_KEY"] in (DEV_SECRET_KEY, "", None):
        raise RuntimeError(
            "SECRET_KEY must be set to a long random value when MADANGAN_ENV=production."
        )
    try:
        ZoneInfo(config["TIMEZONE"])
    except (ValueError, ZoneInfoNotFoundError):
        raise RuntimeError(f"TIMEZONE must name a time zone such as Asia/Jakarta, Asia/Makassar "
                           f"or Asia/Jayapura, not {config['TIMEZONE']!r}.") from None
    colour = config["BRAND_COLOUR"]
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise RuntimeError(f"BRAND_COLOUR must be a colour like #0b5d4b, not {colour!r}.")
    if contrast_with_white(colour) < 4.5:
        raise RuntimeError(
            f"BRAND_COLOUR {colour} is too light: the navigation's white text on it has a "
            f"contrast of {contrast_with_white(colour):.1f}:1, and WCAG AA needs 4.5:1.")
