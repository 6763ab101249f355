"""Writing the audit log, and saying in words what each recorded action was.

The log is append-only: nothing in the app edits or deletes an event (guard_append_only says
so at flush, in Python), and the database's triggers refuse it from any client.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import event as orm_event
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.extensions import db

# What the log page says for each action; `details` fills the placeholders.
AUDIT_ACTIONS = {
    "enrollment.added": _l("Enrolled %(name)s as %(role)s"),
    "enrollment.removed": _l("Removed %(name)s (%(role)s)"),
    "roster.applied": _l("Imported a roster of %(rows)s people from %(filename)s"),
    "roster.received": _l("Enrolled %(rows)s people sent through the API"),
    "guides.assigned": _l("Gave %(name)s the coach %(coach)s and the mentor %(mentor)s"),
    "guides.balanced": _l("Shared %(assigned)s participants among the coaches, at most %(cap)s "
                          "each; %(left)s still without a coach"),
    "cohort.created": _l("Created the round %(name)s"),
    "cohort.replicated": _l("Created the round %(name)s from %(source)s"),
    "cohort.updated": _l("Changed the round's details"),
    "cohort.status_changed": _l("Changed the status from %(old)s to %(new)s"),
    "attendance.recorded": _l("Recorded attendance at %(session)s: %(changes)s"),
    "attendance.checked_in": _l("%(name)s checked in to %(session)s"),
    "session.created": _l("Added the session %(title)s to the agenda"),
    "session.updated": _l("Changed the session %(title)s"),
    "session.deleted": _l("Deleted the session %(title)s and its %(records)s attendance records"),
    "submission.submitted": _l("%(participant)s submitted version %(version)s of the "
                               "%(work)s"),
    "submission.reviewed": _l("Reviewed version %(version)s of the %(work)s of "
                              "%(participant)s: %(decision)s"),
    "quiz.settings_changed": _l("Changed the settings of the quiz %(quiz)s for this round: "
                                "%(changes)s"),
    "quiz.extra_attempt_granted": _l("Gave %(name)s one more attempt at the quiz %(quiz)s: "
                                     "%(reason)s"),
    "guides.examiner_assigned": _l("Made %(examiner)s the examiner of %(name)s"),
    "seminar.settings_changed": _l("Changed the seminar rubric's weights"),
    "seminar.program_rules_changed": _l("Changed the seminar rules of %(program)s"),
    "seminar.scored": _l("Scored the seminar of %(name)s as %(scorer_role)s: %(total)s"),
    "seminar.published": _l("Published the seminar result of %(name)s: %(score)s, "
                            "%(predicate)s"),
    "seminar.unpublished": _l("Unpublished the seminar result of %(name)s (%(score)s)"),
    "checkin.logged": _l("Logged a check-in with %(name)s"),
    "followup.recorded": _l("Recorded the %(months)s-month follow-up of %(name)s"),
    "certificate.issued": _l("Issued the certificate %(number)s to %(name)s"),
    "certificate.revoked": _l("Revoked the certificate %(number)s of %(name)s: %(reason)s"),
    "certificate.settings_changed": _l("Changed the certificate settings of %(program)s"),
    "certificate.signatory_added": _l("Added %(name)s as a signatory of %(program)s"),
    "certificate.signatory_removed": _l("Removed %(name)s as a signatory of %(program)s"),
    "api_token.created": _l("Created the API token %(name)s (%(scope)s)"),
    "api_token.revoked": _l("Revoked the API token %(name)s"),
    "auth.sign_in_failed": _l("A sign-in as %(email)s failed, from the address %(address)s"),
    "auth.password_changed": _l("%(name)s changed their password"),
    "auth.password_reset_sent": _l("Sent a password reset link to %(email)s, asked for from "
                                   "the address %(address)s"),
    "auth.password_reset": _l("%(name)s chose a new password with a reset link"),
    "account.created": _l("Created the account of %(name)s (%(email)s) with the roles "
                          "%(roles)s"),
    "account.deactivated": _l("Deactivated the account of %(name)s"),
    "account.reactivated": _l("Activated the account of %(name)s again"),
    "organiser.added": _l("Made %(name)s an organiser of %(organisation)s"),
    "organiser.removed": _l("Removed %(name)s as an organiser of %(organisation)s"),
    "email.retried": _l("Retried the email “%(subject)s” to %(email)s"),
    "email.retried_given_up": _l("Retried the %(count)s emails that were given up"),
}

# The kinds of event the administrator's log filters by: label and the actions' prefixes.
AUDIT_KINDS = {
    "sign-in": (_l("Sign-in and passwords"), ("auth.",)),
    "accounts": (_l("Accounts and roles"), ("account.", "organiser.")),
    "certificates": (_l("Certificates"), ("certificate.",)),
    "attendance": (_l("Attendance"), ("attendance.",)),
    "enrolments": (_l("Enrolments"), ("enrollment.", "roster.", "guides.")),
    "rounds": (_l("Rounds and agendas"), ("cohort.", "session.")),
    "mentoring": (_l("Reviews and check-ins"), ("submission.", "checkin.", "followup.")),
    "quizzes": (_l("Quizzes"), ("quiz.",)),
    "seminars": (_l("Seminar scores and results"), ("seminar.",)),
    "api": (_l("API tokens"), ("api_token.",)),
    "emails": (_l("Emails"), ("email.",)),
}


def record_event(actor, action, *, cohort=None, organisation_id=None, **details):
    """Add an audit event for a change made by `actor` (None for the system)."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if cohort is not None:
        organisation_id = cohort.program.organisation_id
    event = AuditEvent(actor_id=actor.id if actor is not None else None, action=action,
                       cohort_id=cohort.id if cohort is not None else None,
                       organisation_id=organisation_id, details=details)
    db.session.add(event)
    db.session.flush()
    return event


# Details recorded as codes, shown by their labels: {detail: {code: label}}. Each area adds
# its own codes, so the log, which every area writes to, knows none of them.
DETAIL_LABELS = {}


def label_details(**labels):
    """Show the codes of these details (each a {code: label}) by their labels."""
    DETAIL_LABELS.update(labels)


def _label(key, value):
    labels = DETAIL_LABELS.get(key, {})
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value) or "—"
    return labels.get(value, value)


def describe_event(event):
    """The event as a sentence in the reader's language."""
    return AUDIT_ACTIONS[event.action] % {key: _label(key, value)
                                          for key, value in event.details.items()}


class AuditLogIsAppendOnly(RuntimeError):
    pass


@orm_event.listens_for(Session, "before_flush")
def guard_append_only(session, flush_context, instances):
    """Refuse any change to a recorded event, so no code path can rewrite history."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted
                                            or session.is_modified(obj)):
            raise AuditLogIsAppendOnly(f"audit event {obj.id} cannot be changed or deleted")
