"""The learner's pages: my learning, the program journey, lessons and quizzes."""
from urllib.parse import quote

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from app import clock
from app.content.kinds import ACTIVITY_KINDS
from app.errors import DomainError
from app.extensions import db
from app.learning import services
from app.learning.access import get_own_enrollment, load_step
from app.learning.queries import (activity_with_body, build_journey, learner_enrollments,
                                  progress_by_enrollment)
from app.progress.queries import evaluate_cohort
from app.reports.person_jp import person_jp
from app.attendance.queries import participant_agenda
from app.mentoring.views.plans import assignment_work
from app.quizzes.views.taking import quiz_page


bp = Blueprint("courses", __name__)


# What werkzeug's default converter leaves unquoted in a path segment.
SEGMENT_SAFE = "!$&'()*+,/:;=@"


@bp.app_template_global()
def activity_urls(cohort_id):
    """A function of (course slug, activity slug) that builds what url_for("courses.activity",
    ...) would for the cohort's activities, routing once rather than once for each of a
    journey's dozens of steps."""
    journey_url = url_for("courses.journey", cohort_id=cohort_id)

    def activity_url(course_slug, activity_slug):
        return (f"{journey_url}/{quote(str(course_slug), safe=SEGMENT_SAFE)}"
                f"/{quote(str(activity_slug), safe=SEGMENT_SAFE)}")
    return activity_url


@bp.app_context_processor
def activity_kinds():
    """The kinds of activity, for the activity pages' layout, which other areas' pages extend."""
    return {"kinds": ACTIVITY_KINDS}


@bp.app_template_global()
def kind_labels():
    """{kind: its label in this request's language}, translated once for a page of steps;
    Markup, as the lazy label renders unescaped."""
    return {name: Markup(str(kind.label)) for name, kind in ACTIVITY_KINDS.items()}


@bp.route("/")
@login_required
def home():
    """Show my learning: every program I follow, with progress and what comes next."""
    enrollments = learner_enrollments(current_user)
    progress = progress_by_enrollment([e.id for e in enrollments])
    jp = person_jp(current_user.id, clock.this_year()) if enrollments else None
    return render_template("courses/home.html", enrollments=enrollments, progress=progress,
                           jp=jp, jp_target=current_app.config["JP_ANNUAL_TARGET"])


@bp.route("/journey/<int:cohort_id>")
@login_required
def journey(cohort_id):
    """Show the program's journey with what is done, next and locked."""
    enrollment = get_own_enrollment(cohort_id)
    now = clock.now()
    completion = evaluate_cohort(enrollment.cohort, [enrollment.id], now)[enrollment.id]
    return render_template("courses/journey.html", journey=build_journey(enrollment),
                           completion=completion, agenda=participant_agenda(enrollment, now))


@bp.route("/journey/<int:cohort_id>/<course_slug>/<activity_slug>")
@login_required
def activity(cohort_id, course_slug, activity_slug):
    """Show a lesson, quiz or assignment of the journey."""
    enrollment, journey, journey_course, step = load_step(cohort_id, course_slug, activity_slug)
    if step.locked:
        flash(_("Finish “%(title)s” first.", title=step.blocked_by.title), "warning")
        return redirect(url_for("courses.journey", cohort_id=cohort_id))
    step.activity = activity_with_body(step.activity.id)
    page = KIND_PAGES.get(step.activity.kind, no_more)(enrollment, step.activity)
    return render_template(ACTIVITY_KINDS[step.activity.kind].template, journey=journey,
                           journey_course=journey_course, step=step, **page)


def no_more(enrollment, activity):
    return {}


def assignment_page(enrollment, activity):
    page, form = assignment_work(enrollment, activity)
    return {"page": page, "form": form}


# What an activity's page shows beyond the activity, by kind: a quiz its attempts, an
# assignment the participant's answer under review.
KIND_PAGES = {"quiz": quiz_page, "assignment": assignment_page}


@bp.route("/journey/<int:cohort_id>/<course_slug>/<activity_slug>/done", methods=["POST"])
@login_required
def mark_done(cohort_id, course_slug, activity_slug):
    """Mark a lesson done and go on to the next step."""
    enrollment, journey, _course, step = load_step(cohort_id, course_slug, activity_slug)
    try:
        services.mark_done(enrollment, step)
    except DomainError as error:
        flash(str(error), "warning")
        return redirect(url_for("courses.journey", cohort_id=cohort_id))
    db.session.commit()
    flash(_("“%(title)s” is done.", title=step.activity.title), "success")
    return redirect(url_for("courses.next_step", cohort_id=cohort_id))


@bp.route("/journey/<int:cohort_id>/next")
@login_required
def next_step(cohort_id):
    """Go to the journey's next open activity, or to the journey when all is done."""
    journey = build_journey(get_own_enrollment(cohort_id))
    if journey.next_step is None:
        return redirect(url_for("courses.journey", cohort_id=cohort_id))
    return redirect(url_for("courses.activity", cohort_id=cohort_id,
                            course_slug=journey.next_course.slug,
                            activity_slug=journey.next_step.activity.slug))
