"""Malformed requests to every route of the URL map, as each member of the cast: numbers out
of range in the address, hostile query strings, garbage and oversized forms, JSON that is not
JSON. The app answers each with a 4xx or a page, never with a server error."""
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from werkzeug.routing import IntegerConverter

from app.api.tokens import create_token
from app.rounds.models import CohortSession, Enrollment
from app.rounds.schedule import new_checkin_code
from tests.security.test_hostile_input import upload

# Values for the address's variables that no route can resolve to a row.
HOSTILE_INTEGERS = ["0", str(2 ** 31), str(2 ** 63), "99999999999999999999"]
HOSTILE_SEGMENTS = ["%00", "%FF%FE", "x" * 3000, "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E",
                    "csv%00.xlsx"]
# Every query parameter the pages and the API read, with values of the wrong kind.
QUERY_NAMES = ["page", "page_size", "year", "month", "program", "framework", "target", "sort",
               "unsent", "next", "status", "updated_since", "cohort_id", "region_code",
               "province", "stage", "q", "lang"]
HOSTILE_VALUES = ["abc", "-1", "0", "99999999999999999999", str(2 ** 63), "2026-13-45",
                  "2026-13", "1e309", "NaN", "%00", "%FF%FE", "[]", "{}", "//evil.example",
                  "javascript:alert(1)"]
# Every field name the app's forms use, so a garbage post reaches each form's validation.
FORM_NAMES = [
    "name", "email", "password", "remember", "locale", "nip", "position", "institution",
    "region_code", "roles", "organisation_id", "short_name", "slug", "title", "description",
    "spbe_target", "required_activity_ids", "min_quiz_score", "min_attendance_percent",
    "requires_action_plan", "starts_on", "ends_on", "delivery_mode", "online", "place",
    "partner_institution", "capacity", "timezone", "role", "year", "stage", "index", "source",
    "needs_approval", "number_pattern", "qualification", "template", "reason", "number",
    "held_on", "notes", "next_steps", "shared", "months_after", "recorded_on",
    "implementation", "decision", "comments", "problem", "goals", "stakeholders", "outcome",
    "answer", "milestones-0-title", "milestones-0-due_on", "milestones-0-status", "code",
    "scope", "valid_days", "kind", "meeting_url", "jp", "starts_at", "ends_at",
    "coach_id", "mentor_id", "cap", "enrollment_ids", "status", "next", "submit", "save",
    "file", "import_token", "course_1", "level_1", "session_id", "q-capital",
]
GARBAGE_VALUES = ["", "abc", "-1", "99999999999999999999", str(2 ** 63), "2026-13-45",
                  "\x00", "1e309", "NaN", "<script>alert(1)</script>"]
ONE_MEGABYTE = "x" * (1024 * 1024)
# Routes whose effect would end the walk early: the cast stays signed in throughout.
LEFT_OUT = {"auth.sign_out", "static", "bootstrap.static"}


@pytest.fixture
def cast(db, admin, organiser, coach, mentor, participant, guided_enrollment, cohort, program,
         organisation, courses):
    """Everyone who can sign in, and a row of each kind for the addresses to name."""
    session = CohortSession(cohort_id=cohort.id, title="Opening", jp=Decimal(2),
                            starts_at=datetime(2026, 11, 17, 1, tzinfo=timezone.utc),
                            ends_at=datetime(2026, 11, 17, 3, tzinfo=timezone.utc),
                            checkin_code=new_checkin_code())
    db.session.add(session)
    db.session.flush()
    values = {
        "cohort_id": cohort.id, "program_id": program.id, "session_id": session.id,
        "enrollment_id": guided_enrollment.id, "organisation_id": organisation.id,
        "user_id": participant.id, "course_slug": courses[0].slug,
        "activity_slug": "m1-lesson-1", "fmt": "csv", "kind": "csv", "code": "32.11",
        "token": cohort.calendar_token, "number": 1,
    }
    return {"admin": admin, "organiser": organiser, "coach": coach, "mentor": mentor,
            "participant": participant}, values


def walk(rules):
    """The rules in an order that leaves the removing and revoking routes for last."""
    def destructive(rule):
        return any(word in rule.endpoint for word in ("delete", "remove", "revoke", "apply"))
    return sorted((rule for rule in rules if rule.endpoint not in LEFT_OUT),
                  key=lambda rule: (destructive(rule), rule.rule))


def build_path(rule, values, hostile=None):
    """The rule's path with its variables filled from `values`; `hostile` maps variable names
    to raw replacement text."""
    path = rule.rule
    for name, converter in rule._converters.items():
        value = (hostile or {}).get(name, values.get(name, 1))
        pattern = next(part for part in (f"<int:{name}>", f"<path:{name}>", f"<{name}>")
                       if part in path)
        path = path.replace(pattern, str(value))
    return path


def methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


class Outcomes:
    """Every request sent and the ones answered with a server error (or an exception, which
    TESTING propagates)."""

    def __init__(self, client):
        self.client, self.sent, self.failures = client, 0, []

    def send(self, method, url, **kwargs):
        self.sent += 1
        try:
            response = self.client.open(url, method=method, **kwargs)
        except Exception as error:  # the test reports every route at once
            self.failures.append(f"{method} {url[:120]}: {type(error).__name__}: "
                                 f"{str(error)[:200]}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method} {url[:120]}: {response.status_code}")
        return response


@pytest.fixture
def outcomes(client):
    return Outcomes(client)


ROLES = ["admin", "organiser", "coach", "participant"]


@pytest.mark.parametrize("role", ROLES)
def test_addresses_with_values_out_of_range_never_fail_with_a_server_error(
        app, cast, sign_in, outcomes, role):
    people, values = cast
    sign_in(people[role])
    for rule in walk(app.url_map.iter_rules()):
        for name, converter in rule._converters.items():
            hostile = HOSTILE_INTEGERS if isinstance(converter, IntegerConverter) \
                else HOSTILE_SEGMENTS
            for value in hostile:
                for method in methods(rule):
                    outcomes.send(method, build_path(rule, values, {name: value}))
    assert outcomes.sent > 300
    assert not outcomes.failures, "\n".join(outcomes.failures)


@pytest.mark.parametrize("role", ROLES)
def test_hostile_query_strings_never_fail_with_a_server_error(app, cast, sign_in, outcomes,
                                                              role):
    people, values = cast
    sign_in(people[role])
    for rule in walk(app.url_map.iter_rules()):
        if "GET" not in rule.methods:
            continue
        path = build_path(rule, values)
        for value in HOSTILE_VALUES:
            query = "&".join(f"{name}={value}" for name in QUERY_NAMES)
            outcomes.send("GET", f"{path}?{query}")
        outcomes.send("GET", f"{path}?page=1&page=2&page_size=&year=")
    assert outcomes.sent > 1000
    assert not outcomes.failures, "\n".join(outcomes.failures)


@pytest.mark.parametrize("role", ROLES)
def test_garbage_forms_never_fail_with_a_server_error(app, client, cast, sign_in, outcomes,
                                                      role):
    people, values = cast
    sign_in(people[role])
    for rule in walk(app.url_map.iter_rules()):
        if "POST" not in rule.methods:
            continue
        path = build_path(rule, values)
        for value in GARBAGE_VALUES:
            outcomes.send("POST", path, data={"csrf_token": client.csrf_token(),
                                              **{name: value for name in FORM_NAMES}})
        outcomes.send("POST", path, data={"csrf_token": client.csrf_token()})
        outcomes.send("POST", path, data="%FF%FE=%00",
                      content_type="application/x-www-form-urlencoded")
        outcomes.send("POST", path, data=b"--broken\r\n\r\n",
                      content_type="multipart/form-data; boundary=broken")
    assert outcomes.sent > 500
    assert not outcomes.failures, "\n".join(outcomes.failures)


def test_a_megabyte_in_every_field_never_fails_with_a_server_error(
        app, client, cast, sign_in, outcomes):
    people, values = cast
    for role in ROLES:
        sign_in(people[role])
        for rule in walk(app.url_map.iter_rules()):
            if "POST" in rule.methods:
                outcomes.send("POST", build_path(rule, values),
                              data={"csrf_token": client.csrf_token(),
                                    **{name: ONE_MEGABYTE for name in FORM_NAMES[:8]}})
    assert not outcomes.failures, "\n".join(outcomes.failures)


def test_a_body_over_the_size_limit_gets_a_friendly_413(app, cast, client, sign_in):
    people, values = cast
    sign_in(people["organiser"])
    too_large = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = upload(client, f"/manage/cohorts/{values['cohort_id']}/roster", "roster.csv",
                      too_large, headers={"Accept-Language": "en"})
    assert response.status_code == 413
    assert "larger than this site accepts" in response.text


@pytest.fixture
def writer_token(db, cast):
    people, _values = cast
    _api_token, token = create_token(people["organiser"], "Hostile", "write")
    return token


API_BODIES = [
    ("application/json", b"{not json"),
    ("application/json", b""),
    ("application/json", b"null"),
    ("application/json", b"[]"),
    ("application/json", b"\"text\""),
    ("application/json", b"{\"enrollments\": \"nobody\"}"),
    ("application/json", b"{\"enrollments\": [1, null, \"x\", []]}"),
    ("application/json", b"{\"enrollments\": [{\"name\": 7, \"email\": [], \"nip\": {}}]}"),
    ("application/json", b"{\"enrollments\": [{\"name\": \"\\u0000\", "
                         b"\"email\": \"a@b.example\"}]}"),
    ("application/json", b"\xff\xfe{}"),
    ("application/json", b"{\"enrollments\": [" + b"{}, " * 5000 + b"{}]}"),
    ("application/json", b"[" * 100_000 + b"]" * 100_000),
    ("text/plain", b"enrollments=1"),
    ("application/x-www-form-urlencoded", b"enrollments=1"),
]


def test_api_bodies_that_are_not_the_expected_json_get_problems_not_errors(
        cast, outcomes, writer_token):
    _people, values = cast
    url = f"/api/v1/cohorts/{values['cohort_id']}/enrollments"
    headers = {"Authorization": f"Bearer {writer_token}", "Accept-Language": "en"}
    for content_type, body in API_BODIES:
        response = outcomes.send("POST", url, data=body, content_type=content_type,
                                 headers=headers)
        if response is not None:
            assert 400 <= response.status_code < 500, (body[:60], response.text[:300])
            assert response.mimetype == "application/problem+json"
    assert not outcomes.failures, "\n".join(outcomes.failures)


def test_api_reads_with_hostile_parameters_get_problems_not_errors(app, cast, outcomes,
                                                                   writer_token):
    _people, values = cast
    headers = {"Authorization": f"Bearer {writer_token}", "Accept-Language": "xx;q=abc, *;q=-1"}
    for rule in walk(app.url_map.iter_rules()):
        if not rule.rule.startswith("/api/") or "GET" not in rule.methods:
            continue
        path = build_path(rule, values)
        for value in HOSTILE_VALUES:
            query = "&".join(f"{name}={value}" for name in QUERY_NAMES)
            response = outcomes.send("GET", f"{path}?{query}", headers=headers)
            if response is not None and response.status_code >= 400:
                assert response.mimetype == "application/problem+json", path
    assert not outcomes.failures, "\n".join(outcomes.failures)


def test_enrolment_through_a_malformed_api_body_saves_nobody(db, cast, writer_token, client):
    _people, values = cast
    before = len(cohorts_people(db, values["cohort_id"]))
    response = client.post(f"/api/v1/cohorts/{values['cohort_id']}/enrollments",
                           data=b"{\"enrollments\": [{\"name\": \"Ok\", \"email\": "
                                b"\"ok@madangan.example\"}, {\"name\": 7}]}",
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {writer_token}"})
    assert 400 <= response.status_code < 500
    assert len(cohorts_people(db, values["cohort_id"])) == before


def cohorts_people(db, cohort_id):
    return db.session.scalars(db.select(Enrollment).filter_by(cohort_id=cohort_id)).all()
