"""xAPI 1.0.3 statements of learning, one small class per kind of learning in a registry.

A kind says when a change of its model is learning to record (or learning undone, to void)
and builds the statement from the row and the plain facts one query loaded for it. Object ids
are absolute addresses made of stable slugs, so an LRS sees the same activity across rounds.
"""
import uuid
from datetime import datetime, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect

from app.certificates.models import Certificate
from app.certificates.services import verify_url
from app.learning.models import Completion, QuizAttempt
from app.links import absolute_url
from app.rounds.models import Attendance
from app.xapi import queries

PLATFORM = "Madangan"
VERSION = "1.0.3"

# The verbs a statement may carry: the short name kept in XapiStatement.verb, its IRI and
# its display in the statement (xAPI data, in both of the app's languages).
VERBS = {
    "completed": ("http://adlnet.gov/expapi/verbs/completed",
                  {"en-US": "completed", "id": "menyelesaikan"}),
    "passed": ("http://adlnet.gov/expapi/verbs/passed", {"en-US": "passed", "id": "lulus"}),
    "failed": ("http://adlnet.gov/expapi/verbs/failed",
               {"en-US": "failed", "id": "tidak lulus"}),
    "attended": ("http://adlnet.gov/expapi/verbs/attended",
                 {"en-US": "attended", "id": "menghadiri"}),
    "earned": ("http://id.tincanapi.com/verb/earned", {"en-US": "earned", "id": "memperoleh"}),
    "voided": ("http://adlnet.gov/expapi/verbs/voided",
               {"en-US": "voided", "id": "membatalkan"}),
}

# What the admin page calls each verb.
VERB_LABELS = {
    "completed": _l("completed"),
    "passed": _l("passed"),
    "failed": _l("failed"),
    "attended": _l("attended"),
    "earned": _l("earned"),
    "voided": _l("voided"),
}

ACTIVITY_TYPES = {
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "assignment": "http://adlnet.gov/expapi/activities/performance",
}
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
PROGRAM_TYPE = "http://adlnet.gov/expapi/activities/course"
COHORT_TYPE = "http://id.tincanapi.com/activitytype/cohort"
MEETING_TYPE = "http://adlnet.gov/expapi/activities/meeting"
CERTIFICATE_TYPE = "http://id.tincanapi.com/activitytype/certificate"

ATTENDED = ("present", "late")


def extension(name):
    """The IRI of one of Madangan's own extensions."""
    return absolute_url(f"/xapi/extensions/{name}")


def iso(moment):
    """An xAPI timestamp: ISO 8601 in UTC, to the millisecond."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def program_iri(facts):
    return absolute_url(f"/xapi/programs/{facts.organisation_slug}/{facts.program_slug}")


def cohort_iri(facts):
    return f"{program_iri(facts)}/cohorts/{facts.cohort_id}"


def activity(iri, kind, name, language, description=None):
    definition = {"type": kind, "name": {language: name}}
    if description:
        definition["description"] = {language: description}
    return {"objectType": "Activity", "id": iri, "definition": definition}


def actor(facts):
    return {"objectType": "Agent", "name": facts.user_name, "mbox": f"mailto:{facts.user_email}"}


def verb(name):
    iri, display = VERBS[name]
    return {"id": iri, "display": display}


def context(facts, language, grouping=()):
    """The round the learning happened in, as the parent, within its program."""
    return {
        # One registration per enrolment: an LRS groups a learner's statements of a round.
        "registration": str(uuid.uuid5(uuid.NAMESPACE_URL,
                                       f"{cohort_iri(facts)}/enrollments/{facts.enrollment_id}")),
        "platform": PLATFORM,
        "language": language,
        "contextActivities": {
            "parent": [activity(cohort_iri(facts), COHORT_TYPE, facts.cohort_name, language)],
            "grouping": [activity(program_iri(facts), PROGRAM_TYPE, facts.program_title,
                                  language), *grouping],
        },
    }


def statement(facts, verb_name, object_, timestamp, *, language, result=None, grouping=()):
    body = {
        "id": str(uuid.uuid4()),
        "actor": actor(facts),
        "verb": verb(verb_name),
        "object": object_,
        "context": context(facts, language, grouping),
        "timestamp": iso(timestamp),
        "version": VERSION,
    }
    if result is not None:
        body["result"] = result
    return body


def voiding(voided_body, timestamp):
    """The statement that voids `voided_body`, by the same actor."""
    return {
        "id": str(uuid.uuid4()),
        "actor": voided_body["actor"],
        "verb": verb("voided"),
        "object": {"objectType": "StatementRef", "id": voided_body["id"]},
        "timestamp": iso(timestamp),
        "version": VERSION,
    }


def score(value):
    return {"scaled": round(value / 100, 4), "raw": value, "min": 0, "max": 100}


class StatementKind:
    """How one model's rows become statements. `change(obj, new)` says "record", "void" or
    None; `load(connection, ids)` loads the facts of many rows in one query; `build(obj,
    facts)` returns (verb, body)."""

    name = ""
    model = None

    def subject(self, obj):
        return f"{self.name}:{obj.id}"

    def change(self, obj, new):
        return "record" if new else None

    def void_timestamp(self, obj):
        raise NotImplementedError


def _activity_statement(facts, verb_name, timestamp, result=None):
    language = facts.course_language
    course = activity(absolute_url(f"/xapi/courses/{facts.course_slug}"), COURSE_TYPE,
                      facts.course_title, language)
    object_ = activity(absolute_url(f"/xapi/courses/{facts.course_slug}/{facts.activity_slug}"),
                       ACTIVITY_TYPES.get(facts.activity_kind, ACTIVITY_TYPES["lesson"]),
                       facts.activity_title, language)
    return statement(facts, verb_name, object_, timestamp, language=language, result=result,
                     grouping=[course])


class CompletionKind(StatementKind):
    """An activity done: completed, with the score when it has one."""

    name = "completion"
    model = Completion

    def load(self, connection, ids):
        return queries.activity_facts(connection, Completion, ids)

    def build(self, completion, facts):
        result = {"completion": True}
        if completion.score is not None:
            result["score"] = score(completion.score)
        return "completed", _activity_statement(facts, "completed", completion.completed_at,
                                                result)


class QuizAttemptKind(StatementKind):
    """A quiz attempt ended (submitted, or its time ran out): passed or failed, with its
    score. An attempt is written when it starts and said once, when it ends."""

    name = "quiz_attempt"
    model = QuizAttempt

    def change(self, obj, new):
        old_status, status = _history(obj, "status")
        ended = status != "in_progress" and (new or old_status == "in_progress")
        return "record" if ended else None

    def load(self, connection, ids):
        return queries.activity_facts(connection, QuizAttempt, ids)

    def build(self, attempt, facts):
        verb_name = "passed" if attempt.passed else "failed"
        result = {"score": score(attempt.score), "success": attempt.passed}
        return verb_name, _activity_statement(facts, verb_name, attempt.submitted_at, result)


def _history(obj, attribute):
    """(old, new) of an attribute changed since the last flush; old is None when unknown."""
    history = inspect(obj).attrs[attribute].history
    old = history.deleted[0] if history.deleted else None
    return old, getattr(obj, attribute)


class AttendanceKind(StatementKind):
    """Present or late at a session: attended; changed to absent or excused: voided."""

    name = "attendance"
    model = Attendance

    def change(self, attendance, new):
        if new:
            return "record" if attendance.status in ATTENDED else None
        if not inspect(attendance).attrs.status.history.has_changes():
            return None
        old, status = _history(attendance, "status")
        if old in ATTENDED and status not in ATTENDED:
            return "void"
        if old not in ATTENDED and status in ATTENDED:
            return "record"
        return None

    def void_timestamp(self, attendance):
        return attendance.recorded_at

    def load(self, connection, ids):
        return queries.attendance_facts(connection, ids)

    def build(self, attendance, facts):
        language = facts.user_locale
        object_ = activity(f"{cohort_iri(facts)}/sessions/{facts.session_id}", MEETING_TYPE,
                           facts.session_title, language)
        result = {"extensions": {extension("attendance-status"): attendance.status}}
        return "attended", statement(facts, "attended", object_, facts.session_starts_at,
                                     language=language, result=result)


class CertificateKind(StatementKind):
    """A certificate issued: earned; revoked: voided."""

    name = "certificate"
    model = Certificate

    def change(self, certificate, new):
        if new:
            return "record" if certificate.current else None
        if not inspect(certificate).attrs.revoked_at.history.has_changes():
            return None
        old, revoked_at = _history(certificate, "revoked_at")
        return "void" if old is None and revoked_at is not None else None

    def void_timestamp(self, certificate):
        return certificate.revoked_at

    def load(self, connection, ids):
        return queries.certificate_facts(connection, ids)

    def build(self, certificate, facts):
        language = facts.user_locale
        object_ = activity(f"{program_iri(facts)}/certificate", CERTIFICATE_TYPE,
                           facts.program_title, language)
        verification = verify_url(certificate)
        result = {"completion": True, "extensions": {
            extension("certificate-number"): certificate.number,
            extension("certificate-verification-url"): verification}}
        return "earned", statement(facts, "earned", object_, certificate.created_at,
                                   language=language, result=result)


STATEMENT_KINDS = {kind.name: kind for kind in (
    CompletionKind(), QuizAttemptKind(), AttendanceKind(), CertificateKind())}
KINDS_BY_MODEL = {kind.model: kind for kind in STATEMENT_KINDS.values()}


def summary(statement_row):
    """What the admin page shows of a stored statement: actor, verb and object names."""
    body = statement_row.body
    object_ = body.get("object", {})
    if object_.get("objectType") == "StatementRef":
        object_name = object_["id"]
    else:
        names = object_.get("definition", {}).get("name", {})
        object_name = next(iter(names.values()), object_.get("id", ""))
    return {"actor": body.get("actor", {}).get("name", ""),
            "verb": VERB_LABELS.get(statement_row.verb, statement_row.verb),
            "object": object_name,
            "timestamp": datetime.fromisoformat(body["timestamp"].replace("Z", "+00:00"))}
