"""Inviting someone whose account was made for them to choose their own password.

The invitation is a signed account link (app.auth.links): it works for INVITATION_DAYS days and
only until a password is chosen; nothing is stored.
"""
from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo

from app.auth.links import AccountLink, LinkExpired, LinkInvalid
from app.auth.models import User
from app.auth.passwords import MIN_LENGTH, new_password_validators, set_password
from app.errors import DomainError
from app.extensions import db
from app.links import absolute_url, path_for
from app.emails.outbox import queue_email

INVITATION_DAYS = 14
INVITATION = AccountLink("madangan.invitation", timedelta(days=INVITATION_DAYS))

bp = Blueprint("invitations", __name__)


class InvalidInvitation(DomainError):
    pass


# --- tokens --------------------------------------------------------------------------------

def awaits_password(user):
    """Whether nobody can sign in to the account until its owner chooses a password."""
    return user.password_hash.startswith("!")  # see app.auth.services.unusable_password


def invitation_token(user):
    return INVITATION.token(user)


def invited_user(token):
    """The account an invitation is for, while it can still choose its first password."""
    try:
        user = INVITATION.account(token)
    except LinkExpired:
        raise InvalidInvitation(_(
            "This invitation has expired: invitations work for %(days)d days. Ask the organiser "
            "of your training round to invite you again.", days=INVITATION_DAYS)) from None
    except LinkInvalid:
        user = None
    if user is None or not awaits_password(user):
        raise InvalidInvitation(_("This invitation was already used, or it is no longer valid. "
                                  "If you have chosen your password, sign in with it."))
    return user


# --- sending -------------------------------------------------------------------------------

def send_invitation(user, inviter):
    """Queue the invitation in the invitee's language, in the transaction that makes or
    enrols the account: it goes out once that commits (the link must find the account), and
    is tried again while the mail server fails. Returns the queued email.

    The link starts with PUBLIC_URL, never the request's Host header, which a client chooses.
    """
    url = absolute_url(path_for("invitations.accept", token=invitation_token(user)))
    with force_locale(user.locale):
        subject = _("Choose your password for Madangan")
        body = render_template("auth/invitations/email.txt", user=user, inviter=inviter, url=url,
                               days=INVITATION_DAYS)
    return queue_email(user.email, subject, body)


def send_invitations(user_ids, inviter):
    """Queue the invitations of these accounts; how many there are."""
    if not user_ids:
        return 0
    users = db.session.scalars(select(User).where(User.id.in_(user_ids))).all()
    for user in users:
        send_invitation(user, inviter)
    return len(users)


# --- the page the link opens ---------------------------------------------------------------

class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("Choose a password"),
                             description=_l("At least %(count)d characters.", count=MIN_LENGTH),
                             validators=new_password_validators())
    confirm = PasswordField(_l("Type it again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])
    submit = SubmitField(_l("Save my password and sign in"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept(token):
    """Let an invited person choose their password, then sign them in."""
    try:
        user = invited_user(token)
    except InvalidInvitation as error:
        return render_template("auth/invitations/invalid.html", message=str(error)), 404
    form = SetPasswordForm()
    form.account = user
    if form.validate_on_submit():
        set_password(user, form.password.data)
        db.session.commit()
        session.clear()  # a fresh session for the new sign-in, as on the sign-in page
        login_user(user)
        flash(_("Welcome, %(name)s: your password is saved and you are signed in.",
                name=user.name), "success")
        return redirect(url_for("courses.home"))
    return render_template("auth/invitations/accept.html", form=form, user=user)
