"""The coach's and mentor's home: every participant assigned to them, the most urgent first."""
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template
from flask_babel import get_translations
from flask_login import current_user
from markupsafe import Markup, escape

from app import clock
from app.auth.access import role_required
from app.auth.models import Role
from app.mentoring.queries import PLAN_STATUS_LABELS, home_rows
from app.mentoring.signals import Thresholds
from app.rounds.models import RoundRole


bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")


@bp.route("/")
@role_required(Role.COACH, Role.MENTOR)
def home():
    """List the participants I coach or mentor across rounds, with what needs my attention."""
    thresholds = Thresholds.from_config(current_app.config)
    rows = home_rows(current_user, clock.now(), thresholds)
    return render_template("mentoring/home.html", rows=rows, texts=row_texts(rows),
                           plan_labels=PLAN_STATUS_LABELS, thresholds=thresholds)


@dataclass
class RowTexts:
    role: Markup
    progress_label: Markup
    progress: Markup
    attendance: Markup | None  # None before any session was held
    plan: Markup


def row_texts(rows):
    """Each row's texts as the template's `_()` and `ngettext()` would write them (the
    translation marked safe, the values escaped into it), each message looked up once per
    page rather than once per row."""
    translations = get_translations()

    def message(string):
        return Markup(translations.ugettext(string))

    roles = {RoundRole.COACH: message("You are the coach") % {}}
    mentor = message("You are the mentor") % {}
    progress_of = message("Progress of %(name)s")
    activities = message("%(percent)s%% · %(done)s of %(total)s activities done")
    sessions = {}  # by number held: ngettext's form for it
    plans = {status: escape(label) for status, label in PLAN_STATUS_LABELS.items()}
    texts = []
    for row in rows:
        progress, attendance = row.progress, row.attendance
        held = attendance.total
        if held and held not in sessions:
            sessions[held] = Markup(translations.ungettext(
                "%(percent)s%% · %(attended)s of %(num)d session",
                "%(percent)s%% · %(attended)s of %(num)d sessions", held))
        texts.append(RowTexts(
            role=roles.get(row.role, mentor),
            progress_label=progress_of % {"name": row.user.name},
            progress=activities % {"percent": progress.percent, "done": progress.done,
                                   "total": progress.total},
            attendance=sessions[held] % {"percent": attendance.percent,
                                         "attended": attendance.done, "num": held}
            if held else None,
            plan=plans[row.plan_status]))
    return texts
