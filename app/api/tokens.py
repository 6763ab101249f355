"""Personal access tokens: made and revoked by their owner, shown once, kept as a digest."""
import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from app import clock
from app.api.models import TOKEN_SCOPES, ApiToken
from app.audit.services import record_event
from app.errors import DomainError
from app.extensions import db
from app.jobs import enqueue_after_response


TOKEN_PREFIX = "mdg_"
# Recording every use would write on every request; once in a while says enough. A request
# does not write it itself (an API read writes nothing): a job after the response does.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def digest(token):
    """Tokens carry 256 random bits, so a plain SHA-256 is as safe as a slow password hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name, scope, valid_days=None):
    """A new token for `user`; returns (the ApiToken, the token itself, never stored)."""
    if scope not in TOKEN_SCOPES:
        raise DomainError(_("Choose whether the token may read only, or read and write."))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    api_token = ApiToken(
        user_id=user.id, name=name.strip(), scope=scope, digest=digest(token),
        prefix=token[:len(TOKEN_PREFIX) + 4], created_at=now,
        expires_at=now + timedelta(days=valid_days) if valid_days else None)
    db.session.add(api_token)
    db.session.flush()
    record_event(user, "api_token.created", name=api_token.name, scope=scope)
    return api_token, token


class TokenNotFound(DomainError):
    """No token of the user's has this id: someone else's is not even acknowledged."""


def revoke_token(user, token_id):
    """Revoke one of the user's own tokens; a token of someone else is not found."""
    api_token = db.session.get(ApiToken, token_id)
    if api_token is None or api_token.user_id != user.id:
        raise TokenNotFound(_("That token does not exist."))
    if api_token.revoked_at is None:
        api_token.revoked_at = clock.now()
        record_event(user, "api_token.revoked", name=api_token.name)
    return api_token


def user_tokens(user):
    """The user's tokens, newest first, revoked ones included for the record."""
    return db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                              .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()


def usable_token(token, now):
    """The ApiToken a presented token belongs to, when it is live and its owner active."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.digest == digest(token)))
    if api_token is None or api_token.revoked_at is not None or not api_token.user.active:
        return None
    if api_token.expires_at is not None and api_token.expires_at <= now:
        return None
    return api_token


def note_use(api_token, now):
    """Have the token's use at `now` recorded, when its last recorded use is old enough."""
    if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
        enqueue_after_response(record_use, api_token.id, now.isoformat())


def record_use(token_id, used_at):
    """The job of note_use(): keep the latest use, whichever order two requests' jobs run."""
    used_at = datetime.fromisoformat(used_at)
    db.session.execute(update(ApiToken).where(
        ApiToken.id == token_id,
        or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < used_at))
        .values(last_used_at=used_at))
    db.session.commit()
