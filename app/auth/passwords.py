"""Passwords: what a new one must be, changing it, and resetting it by an emailed link.

The rules follow OWASP ASVS 4.0 (2.1) and NIST SP 800-63B: at least 12 characters, any
characters allowed, no composition rules, and no password that is common or made of the
account's own name or email. Choosing a password, by any path, ends the account's other
sessions.
"""
import gzip
import re
from datetime import timedelta
from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.security import generate_password_hash
from wtforms.validators import DataRequired, Length, ValidationError

from app.auth.links import AccountLink
from app.extensions import db

MIN_LENGTH = 12
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"
# Words people reach for on this site, which no breach list knows yet.
SITE_WORDS = frozenset({"madangan", "insunmedal", "sumedang", "indonesia", "bismillah",
                        "rahasia", "merdeka", "password", "katasandi", "sandi"})
# What people add to a word to pass a length rule: digits and symbols around it.
DECORATION = re.compile(r"^[\W\d_]*(?P<word>.*?)[\W\d_]*$")

RESET_HOURS = 1
PASSWORD_RESET = AccountLink("madangan.password-reset", timedelta(hours=RESET_HOURS))


@cache
def common_passwords():
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def _squeezed(text):
    return re.sub(r"[\W_]+", "", text.lower())


def _own_words(email, name):
    """The account's name and email, whole and word by word, without spaces or dots."""
    local_part = email.split("@", 1)[0]
    words = {_squeezed(local_part), _squeezed(name)}
    words.update(_squeezed(word) for word in re.split(r"[\W_]+", f"{local_part} {name}"))
    return {word for word in words if len(word) >= 4}


def weakness(password, *, email="", name=""):
    """Why `password` is too easy to guess, or None when it will do."""
    lowered = password.lower()
    stem = DECORATION.match(lowered).group("word")
    guessable = common_passwords() | SITE_WORDS
    if lowered in guessable or stem in guessable:
        return _("This password is one of the most common passwords: choose another.")
    if _squeezed(stem) in _own_words(email, name):
        return _("A password made of your own name or email is easy to guess: choose another.")
    return None


def new_password_validators():
    """The checks on a password being chosen. The form's `account` (the user) or its `email`
    and `name` fields say whose password it is."""
    def not_guessable(form, field):
        account = getattr(form, "account", None)
        email = account.email if account else getattr(form, "email", None) and form.email.data
        name = account.name if account else getattr(form, "name", None) and form.name.data
        problem = weakness(field.data or "", email=email or "", name=name or "")
        if problem:
            raise ValidationError(problem)

    return [DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH, message=_l(
        "A password has at least %(min)d and at most %(max)d characters.",
        min=MIN_LENGTH, max=MAX_LENGTH)), not_guessable]


def hash_password(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def end_sessions(user):
    """Sign the user out everywhere: every session remembers the generation it began in."""
    user.session_generation += 1
    db.session.flush()


def set_password(user, password):
    """Give the account a new password; this ends its other sessions and every invitation or
    reset link sent before."""
    user.password_hash = hash_password(password)
    end_sessions(user)
    return user
