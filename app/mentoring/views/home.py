"""The coach's and mentor's home: every participant assigned to them, the most urgent first."""
from flask import Blueprint, current_app, render_template
from flask_login import current_user

from app.auth.access import role_required
from app.auth.models import COACH, MENTOR
from app.mentoring.queries import PLAN_STATUS_LABELS, home_rows
from app.mentoring.signals import Thresholds
from app.models import utcnow

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")


@bp.route("/")
@role_required(COACH, MENTOR)
def home():
    """List the participants I coach or mentor across rounds, with what needs my attention."""
    thresholds = Thresholds.from_config(current_app.config)
    return render_template(
        "mentoring/home.html", rows=home_rows(current_user, utcnow(), thresholds),
        plan_labels=PLAN_STATUS_LABELS, thresholds=thresholds)
