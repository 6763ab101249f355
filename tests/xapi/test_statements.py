"""Each kind of learning, once committed, is kept as the xAPI statement it is, and learning
undone is voided."""
import uuid

from sqlalchemy import select

from app.attendance.services import record_attendance
from app.extensions import db
from app.learning.models import QuizAttempt
from app.certificates import services as certificates
from tests.certificates.conftest import TODAY

PUBLIC = "http://localhost:5000"
PROGRAM = f"{PUBLIC}/xapi/programs/bpsdm-jabar/program"
ALL_RIGHT = {"q-capital": "0", "q-domains": ["0", "1"]}
ALL_WRONG = {"q-capital": "1", "q-domains": ["2"]}


def arrived(lrs):
    """The statements the LRS received, each once, in order of first arrival.

    A request sends its statements after its response; in the tests its session shares the
    test's connection and rolls back the job's bookkeeping at teardown, so the next request
    may send them again, which is harmless by design (statement ids)."""
    return list({statement["id"]: statement for statement in lrs.statements}.values())


def journey(cohort, activity, course="platforms"):
    return f"/journey/{cohort.id}/{course}/{activity}"


def test_completing_a_lesson_records_completed(client, sign_in, participant, cohort,
                                               enrollment, lrs, kept):
    sign_in(participant)
    client.post(journey(cohort, "m1-lesson-1") + "/done", data={})
    [statement] = kept()
    body = statement.body
    assert statement.verb == "completed" and statement.user_id == participant.id
    assert statement.subject.startswith("completion:")
    assert statement.id == body["id"] and uuid.UUID(body["id"]).version == 4
    assert body["actor"] == {"objectType": "Agent", "name": "Dewi Participant",
                             "mbox": "mailto:dewi@madangan.example"}
    assert body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert body["object"] == {
        "objectType": "Activity", "id": f"{PUBLIC}/xapi/courses/platforms/m1-lesson-1",
        "definition": {"type": "http://adlnet.gov/expapi/activities/lesson",
                       "name": {"en": "Lesson 1.1"}}}
    assert body["result"] == {"completion": True}
    context = body["context"]
    assert context["platform"] == "Madangan" and context["language"] == "en"
    [parent] = context["contextActivities"]["parent"]
    assert parent["id"] == f"{PROGRAM}/cohorts/{cohort.id}"
    assert [a["id"] for a in context["contextActivities"]["grouping"]] == [
        PROGRAM, f"{PUBLIC}/xapi/courses/platforms"]
    assert body["timestamp"].endswith("Z") and body["version"] == "1.0.3"
    assert lrs.statements == [body]


def take_quiz(client, cohort, answers):
    """Start an attempt at the quiz and submit it."""
    client.post(journey(cohort, "final-quiz") + "/attempts", data={})
    attempt_id = db.session.scalar(select(QuizAttempt.id).filter_by(status="in_progress"))
    client.post(journey(cohort, "final-quiz") + f"/attempts/{attempt_id}/submit",
                data=dict(answers, confirm="1"))


def test_a_passed_quiz_records_passed_with_its_score_and_completed(
        client, sign_in, participant, cohort, lrs, kept):
    sign_in(participant)
    for lesson in ("m1-lesson-1", "m1-lesson-2"):
        client.post(journey(cohort, lesson) + "/done", data={})
    take_quiz(client, cohort, ALL_RIGHT)
    [passed] = kept("passed")
    assert passed.subject.startswith("quiz_attempt:")
    assert passed.body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert passed.body["object"]["definition"]["type"] == (
        "http://adlnet.gov/expapi/activities/assessment")
    assert passed.body["result"] == {
        "score": {"scaled": 1.0, "raw": 100, "min": 0, "max": 100}, "success": True}
    quiz_completed = kept("completed")[-1]
    assert quiz_completed.body["object"]["id"].endswith("/platforms/final-quiz")
    assert quiz_completed.body["result"]["score"]["raw"] == 100
    assert [s.verb for s in kept()] == ["completed", "completed", "passed", "completed"]
    assert arrived(lrs) == [s.body for s in kept()]


def test_a_failed_quiz_records_failed(client, sign_in, participant, cohort, lrs, kept):
    sign_in(participant)
    for lesson in ("m1-lesson-1", "m1-lesson-2"):
        client.post(journey(cohort, lesson) + "/done", data={})
    take_quiz(client, cohort, ALL_WRONG)
    [failed] = kept("failed")
    assert failed.body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/failed"
    assert failed.body["result"] == {
        "score": {"scaled": 0.0, "raw": 0, "min": 0, "max": 100}, "success": False}
    assert len(kept("completed")) == 2  # the lessons, not the quiz


def test_attendance_is_attended_and_voided_when_changed_to_absent(
        db, organiser, cohort, enrollment, make_session, lrs, kept):
    session = make_session(cohort)
    record_attendance(organiser, session, {enrollment.id: "late"})
    db.session.commit()
    [attended] = kept("attended")
    assert attended.body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    assert attended.body["object"] == {
        "objectType": "Activity", "id": f"{PROGRAM}/cohorts/{cohort.id}/sessions/{session.id}",
        "definition": {"type": "http://adlnet.gov/expapi/activities/meeting",
                       "name": {"id": "Opening lecture"}}}
    assert attended.body["timestamp"] == "2026-11-17T01:00:00.000Z"

    record_attendance(organiser, session, {enrollment.id: "present"})
    db.session.commit()
    assert len(kept()) == 1  # still attended: nothing to say

    record_attendance(organiser, session, {enrollment.id: "absent"})
    db.session.commit()
    [voided] = kept("voided")
    assert voided.subject == attended.subject and voided.user_id == enrollment.user_id
    assert voided.body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/voided"
    assert voided.body["object"] == {"objectType": "StatementRef", "id": attended.id}
    assert voided.body["actor"] == attended.body["actor"]

    record_attendance(organiser, session, {enrollment.id: "present"})
    record_attendance(organiser, session, {enrollment.id: "excused"})
    db.session.commit()
    again, = [s for s in kept("attended") if s.id != attended.id]
    assert [s.body["object"]["id"] for s in kept("voided")] == [attended.id, again.id]
    assert [s["id"] for s in lrs.statements] == [s.id for s in kept()]


def test_absence_records_nothing(db, organiser, cohort, enrollment, make_session, lrs, kept):
    session = make_session(cohort)
    record_attendance(organiser, session, {enrollment.id: "absent"})
    db.session.commit()
    assert kept() == [] and lrs.requests == []


def test_a_certificate_is_earned_and_voided_when_revoked(
        db, organiser, certificate, lrs, kept):
    db.session.commit()
    [earned] = kept("earned")
    body = earned.body
    assert body["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert body["object"]["id"] == f"{PROGRAM}/certificate"
    assert body["object"]["definition"]["type"] == (
        "http://id.tincanapi.com/activitytype/certificate")
    extensions = body["result"]["extensions"]
    assert extensions[f"{PUBLIC}/xapi/extensions/certificate-number"] == certificate.number
    assert extensions[f"{PUBLIC}/xapi/extensions/certificate-verification-url"] == (
        f"{PUBLIC}/verify/{certificate.verification_code}")

    new = certificates.reissue(organiser, certificate, "Name misspelt", today=TODAY)
    db.session.commit()
    [voided] = kept("voided")
    assert voided.body["object"] == {"objectType": "StatementRef", "id": earned.id}
    assert [s.body["object"]["id"] for s in kept("earned")] == [f"{PROGRAM}/certificate"] * 2
    assert kept("earned")[1].body["result"]["extensions"][
        f"{PUBLIC}/xapi/extensions/certificate-number"] == new.number
    assert {s["id"] for s in lrs.statements} == {s.id for s in kept()}
