"""The access matrix: every route of the URL map, requested with every method it takes by every
member of the cast, with the world's real object ids, lets through exactly the members that
tests/security/access_table.py names, and turns away everyone else (401, 403, 404, or the
sign-in page) without adding or deleting a row anywhere. No request ever fails with a 5xx.

Web pages are requested with the member's session, the API with their personal access token.
Each request runs inside a savepoint that is rolled back afterwards, so every member meets the
same world whatever the one before them changed.
"""
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.api.tokens import create_token
from app.auth.invitations import invitation_token
from app.auth.passwords import PASSWORD_RESET
from app.benchmarking.models import Framework
from app.certificates import services as certificates
from app.certificates.models import BulkIssue
from app.content.models import Activity
from app.enrolment.roster import upload_roster
from app.enrolment.services import enroll
from app.learning.models import Completion
from app.learning.queries import activity_with_body, build_journey, find_step
from app.mentoring import checkins, workflow
from app.mentoring.plans import plan_content
from app.notifications.models import Notification
from app.emails.outbox import queue_email
from app.quizzes import attempts
from app.rounds.models import Enrollment
from tests.factories import QUIZ_SPEC, course_source
from tests.security.access_table import (ACCESS, ADMIN, ANON, CAST, COACH, EXAMINER, GET,
                                         MENTOR, ORG, OTHER_COACH, OTHER_ORG,
                                         OTHER_PARTICIPANT, PARTICIPANT)

IGNORED_METHODS = {"HEAD", "OPTIONS"}
REDIRECTS = {301, 302, 303, 307, 308}
TURNED_AWAY = {401, 403, 404}

PLAN = plan_content(
    {"problem": "Business permits take 30 days.", "goals": "Permits in 3 days by 2027.",
     "stakeholders": "DPMPTSP", "outcome": "Investors get permits online."},
    [{"title": "Map the permit process", "due_on": "2026-12-01", "status": "planned"}])
ROSTER = b"name,email\r\nBudi Santoso,budi@madangan.example\r\n"
STORED_PDF = b"%PDF-1.7\n% the access matrix's certificate\n"
CORRECT_ANSWERS = MultiDict([(f"q-{q['key']}", str(index)) for q in QUIZ_SPEC["questions"]
                             for index in q["correct"]])


@dataclass
class World:
    """The cast and the ids of everything their routes name."""
    sessions: dict  # member: the value flask-login keeps in the session ("_user_id")
    tokens: dict  # member: their personal access token for the API
    values: dict  # URL variable: value
    values_by_endpoint: dict = field(default_factory=dict)  # endpoint: {URL variable: value}
    api_bodies: dict = field(default_factory=dict)  # endpoint: the JSON it is sent

    def url_values(self, endpoint):
        return {**self.values, **self.values_by_endpoint.get(endpoint, {})}


@pytest.fixture
def courses(make_courses):
    """The cast's two courses; the first ends with an assignment, for plans.answer."""
    return make_courses(course_source("platforms", lessons=2, assignment=True),
                        course_source("change", lessons=2))


def complete_the_journey(db, enrollment):
    """Pass the first course's quiz through the real service, then record the rest done."""
    for activity in db.session.scalars(select(Activity).where(Activity.kind != "quiz")):
        db.session.add(Completion(enrollment_id=enrollment.id, activity_id=activity.id))
    db.session.flush()
    _course, quiz = find_step(build_journey(enrollment), "platforms",
                              "final-quiz")
    quiz.activity = activity_with_body(quiz.activity.id)
    attempt = attempts.start_attempt(enrollment, quiz)
    attempts.submit_attempt(enrollment, quiz.activity, attempt, CORRECT_ANSWERS, confirmed=True)
    for activity in db.session.scalars(select(Activity).where(Activity.kind == "quiz",
                                                              Activity.id != quiz.activity.id)):
        db.session.add(Completion(enrollment_id=enrollment.id, activity_id=activity.id,
                                  score=100))
    db.session.flush()
    return attempt


@pytest.fixture
def world(db, admin, organiser, other_organiser, coach, other_coach, mentor, participant,
          guided_enrollment, organisation, program, cohort, make_user, make_program,
          make_cohort, make_session, courses):
    other_organisation = other_organiser.role_grants[0].organisation
    other_round = make_cohort(make_program(courses, organisation=other_organisation,
                                           slug="other"), name="Other round")
    other_participant = make_user(name="Otto Outsider", email="otto@madangan.example")
    enroll(other_round, other_participant, actor=None)
    invitee = make_user(name="Ina Invited", email="ina@madangan.example", password=None)
    examiner = make_user(roles=("coach",), name="Yusuf Examiner", email="yusuf@madangan.example")
    enroll(cohort, examiner, "examiner", actor=None)
    guided_enrollment.examiner_id = examiner.id
    email = queue_email(invitee.email, "Choose your password for Madangan", "Hello Ina")

    session = make_session(cohort)
    attempt = complete_the_journey(db, guided_enrollment)
    plan = workflow.write_action_plan(participant, guided_enrollment, PLAN, submit_it=True)
    check_in = checkins.log_check_in(coach, guided_enrollment, date(2026, 11, 20),
                                     "Talked about the permit process.", "", True)
    signatory = certificates.add_signatory(organiser, program, name="Dr. Ir. Siti", title="Head",
                                           nip="", institution="BPSDM Jabar")
    certificate = certificates.issue_certificate(organiser, guided_enrollment,
                                                 today=date(2026, 12, 12), render=False)
    certificate.pdf = STORED_PDF
    bulk = BulkIssue(cohort_id=cohort.id, requested_by_id=organiser.id, status="done", total=1,
                     issued=1)
    db.session.add(bulk)
    roster = upload_roster(organiser, cohort, "roster.csv", ROSTER)
    db.session.add(Framework(slug="spbe-matrix", name="SPBE (matrix)", source="tests"))
    db.session.flush()

    members = {ADMIN: admin, ORG: organiser, OTHER_ORG: other_organiser, COACH: coach,
               OTHER_COACH: other_coach, MENTOR: mentor, EXAMINER: examiner,
               PARTICIPANT: participant,
               OTHER_PARTICIPANT: other_participant}
    api_tokens = {member: create_token(user, "Matrix", "write") for member, user in
                  members.items()}
    db.session.flush()
    notification = db.session.scalar(select(Notification).filter_by(user_id=participant.id))
    lesson = db.session.scalar(select(Activity).filter_by(slug="m1-lesson-1"))
    return World(
        sessions={member: user.get_id() for member, user in members.items()},
        tokens={member: token for member, (_api_token, token) in api_tokens.items()},
        values={
            "organisation_id": organisation.id, "user_id": organiser.id,
            "program_id": program.id, "cohort_id": cohort.id,
            "enrollment_id": guided_enrollment.id, "session_id": session.id,
            "course_slug": "platforms", "activity_slug": lesson.slug,
            "attempt_id": attempt.id, "activity_id": attempt.activity_id,
            "submission_id": plan.id, "number": 1,
            "check_in_id": check_in.id, "certificate_id": certificate.id,
            "signatory_id": signatory.id, "bulk_id": bulk.id, "import_id": roster.id,
            "notification_id": notification.id, "token_id": api_tokens[PARTICIPANT][0].id,
            "email_id": email.id,
            "fmt": "csv", "kind": "csv",
        },
        # The API validates a body before it looks at who sends it: send a valid one.
        api_bodies={"api_enrollments.enroll": {"enrollments": [
            {"name": "Budi Santoso", "email": "budi@madangan.example"}]}},
        values_by_endpoint={
            "static": {"filename": "madangan.css"},
            "bootstrap.static": {"filename": "css/bootstrap.min.css"},
            "quizzes.start": {"activity_slug": "final-quiz"},
            "quizzes.save": {"activity_slug": "final-quiz"},
            "quizzes.submit": {"activity_slug": "final-quiz"},
            "quizzes.result": {"activity_slug": "final-quiz"},
            "plans.answer": {"activity_slug": "assignment"},
            "invitations.accept": {"token": invitation_token(invitee)},
            "auth.reset_password": {"token": PASSWORD_RESET.token(participant)},
            "sessions.cohort_feed": {"token": cohort.calendar_token},
            "sessions.user_feed": {"token": participant.calendar_token},
            "verify.show": {"code": certificate.verification_code},
            "verify.badge": {"code": certificate.verification_code},
            "api_certificates.verify": {"code": certificate.verification_code},
            "benchmark.region": {"code": "32.73"},
            "api_regions.get_region": {"code": "32.73"},
            "benchmark.province": {"code": "32"},
        })


def row_counts(db):
    """{table: rows}, counted in one query."""
    tables = db.metadata.sorted_tables
    counts = db.session.execute(select(*[
        select(func.count()).select_from(table).scalar_subquery() for table in tables])).one()
    return dict(zip((table.name for table in tables), counts))


def request_as(client, world, member, method, path, api_body=None):
    """Send the request as `member`: a web page with their session and an empty form, the
    API with their token and `api_body`."""
    api = path.startswith("/api/")
    with client.session_transaction() as session:
        session.clear()
        if member != ANON and not api:
            session["_user_id"], session["_fresh"] = world.sessions[member], True
    headers = {"Authorization": f"Bearer {world.tokens[member]}"} if api and member != ANON \
        else {}
    if method == GET:
        return client.get(path, headers=headers)
    if api:
        return client.open(path, method=method, json=api_body or {}, headers=headers)
    return client.open(path, method=method, data={"csrf_token": client.csrf_token()},
                       headers=headers)


def let_through(response):
    """Whether the request reached the view's logic, rather than being turned away."""
    if response.status_code in TURNED_AWAY:
        return False
    if response.status_code in REDIRECTS:
        target = urlsplit(response.location)
        return not (target.path == "/sign-in" and "next" in parse_qs(target.query))
    return True


def routes(app):
    """{endpoint: {method, …}} of every rule in the URL map."""
    found = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(rule.endpoint, set()).update(rule.methods - IGNORED_METHODS)
    return found


def test_every_route_has_an_entry_and_no_entry_is_stale(app):
    """A new route, or a new method of one, fails here until the table says who may use it."""
    declared = {endpoint: set(methods) for endpoint, methods in ACCESS.items()}
    assert routes(app) == declared


@pytest.mark.parametrize("endpoint", sorted(ACCESS))
def test_the_route_lets_through_exactly_whom_the_table_names(app, client, db, world, endpoint):
    """Every rule and method of the endpoint, as each member of the cast; all that is wrong
    is reported at once."""
    problems = []
    for rule in app.url_map.iter_rules(endpoint):
        _domain, path = rule.build(world.url_values(endpoint), append_unknown=False)
        for method in sorted(rule.methods - IGNORED_METHODS):
            allowed = ACCESS[endpoint][method]
            for member in CAST:
                savepoint = db.session.begin_nested()
                try:
                    before = row_counts(db)
                    response = request_as(client, world, member, method, path,
                                          world.api_bodies.get(endpoint))
                    changed = {table for table, count in row_counts(db).items()
                               if before[table] != count}
                finally:
                    savepoint.rollback()
                outcome = f"{method} {path} as {member}: {response.status_code}"
                if response.status_code >= 500:
                    problems.append(f"{outcome}, a server error")
                elif let_through(response) != (member in allowed):
                    problems.append(f"{outcome} {response.location or ''}, expected "
                                    + ("allowed" if member in allowed else "denied"))
                elif member not in allowed and changed:
                    problems.append(f"{outcome}, turned away but wrote to {sorted(changed)}")
    assert not problems, "\n".join(problems)


def test_a_turned_away_request_reads_as_turned_away(client, world):
    """The outcome classes themselves: a page for signed-in users sends the anonymous visitor
    to sign in, the API answers 401 without a token, and signing out is not a refusal."""
    anonymous = request_as(client, world, ANON, GET, "/notifications")
    assert anonymous.status_code == 302 and not let_through(anonymous)
    assert not let_through(request_as(client, world, ANON, GET, "/api/v1/me"))
    signed_out = request_as(client, world, PARTICIPANT, "POST", "/sign-out")
    assert urlsplit(signed_out.location).path == "/sign-in" and let_through(signed_out)


def test_a_certified_participant_stays_in_the_round(client, db, world):
    """Found by the matrix: taking them out failed on their certificate's foreign key."""
    cohort_id, enrollment_id = world.values["cohort_id"], world.values["enrollment_id"]
    response = request_as(client, world, ORG, "POST",
                          f"/manage/cohorts/{cohort_id}/people/{enrollment_id}/remove")
    assert response.status_code == 302
    assert db.session.get(Enrollment, enrollment_id) is not None
