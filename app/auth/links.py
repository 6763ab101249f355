"""Signed links that open one account for one purpose: an invitation, a password reset.

A link carries the account and a fingerprint of its password hash, signed with the secret key
and a salt per purpose. Nothing is stored: the link expires after `max_age`, and it stops
working once the password changes, so using it once ends it.
"""
import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from app import clock
from app.auth.models import User
from app.extensions import db


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    """Forged, cut short, for another purpose, already used, or for a closed account."""


def password_fingerprint(user):
    """Changes whenever the password does, which ends every link issued before."""
    return hmac.new(current_app.secret_key.encode(), user.password_hash.encode(),
                    hashlib.sha256).hexdigest()[:24]


class ClockSigner(TimestampSigner):
    """Stamps links, and measures their age, by the app's clock."""

    def get_timestamp(self):
        return int(clock.now().timestamp())


class AccountLink:
    def __init__(self, salt, max_age):
        self.salt = salt
        self.max_age = max_age

    def _serializer(self):
        return URLSafeTimedSerializer(current_app.secret_key, salt=self.salt, signer=ClockSigner)

    def token(self, user):
        return self._serializer().dumps([user.id, password_fingerprint(user)])

    def account(self, token):
        """The active account the token opens; LinkExpired or LinkInvalid otherwise."""
        try:
            user_id, fingerprint = self._serializer().loads(
                token, max_age=int(self.max_age.total_seconds()))
        except SignatureExpired:
            raise LinkExpired() from None
        except (BadSignature, TypeError, ValueError):
            raise LinkInvalid() from None
        user = db.session.get(User, user_id) if isinstance(user_id, int) else None
        if user is None or not user.active \
                or not hmac.compare_digest(str(fingerprint), password_fingerprint(user)):
            raise LinkInvalid()
        return user
