"""The account page where people make and revoke their API tokens."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import clock
from app.api import tokens
from app.api.forms import SCOPE_LABELS, TokenForm
from app.errors import commit_or_flash
from app.extensions import db


bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


def _render(form, new_token=None, status=200):
    return render_template("api/tokens.html", form=form, new_token=new_token,
                           tokens=tokens.user_tokens(current_user), now=clock.now(),
                           scope_labels=SCOPE_LABELS), status


@bp.route("")
@login_required
def index():
    """List my API tokens and offer to make one."""
    return _render(TokenForm())


@bp.route("", methods=["POST"])
@login_required
def create():
    """Make a token and show it this once; only its digest is kept."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _render(form, status=422)
    done, result = commit_or_flash(tokens.create_token, current_user, form.name.data,
                                   form.scope.data, form.valid_days.data or None)
    # Shown in this response only: never flashed, since the session cookie is not secret.
    return _render(TokenForm(formdata=None), new_token=result[1] if done else None)


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    """Revoke one of my tokens: it stops working at once. Another's token is not found, as
    everywhere else."""
    try:
        api_token = tokens.revoke_token(current_user, token_id)
    except tokens.TokenNotFound:
        abort(404)
    db.session.commit()
    flash(_("The token %(name)s no longer works.", name=api_token.name), "success")
    return redirect(url_for("tokens.index"))
