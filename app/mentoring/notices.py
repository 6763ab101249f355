"""Telling of each step of a review: the other side by a notification, and the audit log, each
in its reader's language."""
from flask_babel import force_locale
from flask_babel import gettext as _

from app.audit.services import record_event
from app.mentoring import plan_queries
from app.links import path_for
from app.notifications.services import notify


def work_name(submission, owner=True):
    """What the work is called in a sentence: "action plan" or "assignment “title”" for its
    author, "their action plan" for the reviewers."""
    if submission.kind == "action_plan":
        return _("action plan") if owner else _("their action plan")
    activity, _course = plan_queries.activity_with_course(submission.activity_id)
    return (_("assignment “%(title)s”", title=activity.title) if owner
            else _("their assignment “%(title)s”", title=activity.title))


def participant_link(submission):
    """Where the participant sees and edits this work."""
    cohort_id = submission.enrollment.cohort_id
    if submission.kind == "action_plan":
        return path_for("plans.action_plan", cohort_id=cohort_id)
    activity, course = plan_queries.activity_with_course(submission.activity_id)
    return path_for("courses.activity", cohort_id=cohort_id, course_slug=course.slug,
                    activity_slug=activity.slug)


def audit_step(actor, action, submission, **details):
    """Log the step; the log keeps its words in the actor's language."""
    with force_locale(actor.locale):
        details = {key: str(value) for key, value in details.items()}
        work = str(work_name(submission))
    record_event(actor, action, cohort=submission.enrollment.cohort, work=work, **details)


def locale_of(user_id):
    return plan_queries.user(user_id).locale


def tell_participant(user_id, kind, submission, **payload):
    with force_locale(locale_of(user_id)):
        work = work_name(submission)
    notify(user_id, kind, link=participant_link(submission), work=work, **payload)


def tell_guide(user_id, submission, kind, **payload):
    """Tell an assigned coach or mentor that work awaits them; nobody when none is assigned."""
    if user_id is None:
        return
    with force_locale(locale_of(user_id)):
        work = work_name(submission, owner=False)
    notify(user_id, kind, work=work,
           link=path_for("plans.review", submission_id=submission.id), **payload)
