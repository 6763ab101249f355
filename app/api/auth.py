"""Who is calling the API: a personal access token in `Authorization: Bearer …`, never the
browser's session cookie, so a page on another site cannot make a signed-in browser call it."""
from flask import current_app, g, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_smorest import abort

from app import clock
from app.api.models import WRITE
from app.api.tokens import digest, note_use, usable_token


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CHALLENGE = 'Bearer realm="madangan"'


def presented_token():
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authenticate():
    """Before every API request: find the token's user, or answer 401; a read-only token may
    not change anything (403). Views marked public need no token."""
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "public_api", False):
        return
    token, now = presented_token(), clock.now()
    api_token = usable_token(token, now) if token else None
    if api_token is None:
        abort(401, message=_("Send a valid personal access token as 'Authorization: Bearer "
                             "<token>'. Tokens are made under API tokens in your account."),
              headers={"WWW-Authenticate": CHALLENGE + ', error="invalid_token"'
                       if token else CHALLENGE})
    if request.method not in SAFE_METHODS and api_token.scope != WRITE:
        abort(403, message=_("This token may only read. Make a token that may write."),
              headers={"WWW-Authenticate": CHALLENGE + ', error="insufficient_scope"'})
    note_use(api_token, now)
    g.api_token = api_token


def api_user():
    """The user whose token made this request."""
    return g.api_token.user


def rate_limit_key():
    """Count requests per token (by its digest, never the token), else per address."""
    token = presented_token()
    if token:
        return "api-token:" + digest(token)
    return "api-address:" + get_remote_address()


def public(view):
    """Mark a view that answers without a token (the OpenAPI document, verification)."""
    view.public_api = True
    return view
