"""The coach's and mentor's view of the participants they guide."""
from itertools import groupby

from flask import Blueprint, render_template
from flask_login import current_user

from app.auth.access import role_required
from app.auth.models import COACH, MENTOR
from app.courses.queries import progress_by_enrollment
from app.mentoring.queries import guided_participants

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")


@bp.route("/")
@role_required(COACH, MENTOR)
def home():
    """List the participants I guide, by cohort, with their progress."""
    enrollments = guided_participants(current_user)
    progress = progress_by_enrollment([e.id for e in enrollments])
    cohorts = [(cohort, list(group))
               for cohort, group in groupby(enrollments, key=lambda e: e.cohort)]
    return render_template("mentoring/home.html", cohorts=cohorts, progress=progress)
