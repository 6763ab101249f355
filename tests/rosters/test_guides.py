"""A roster may name each participant's coach and mentor by email: someone with that role in the
same file or already in the round. Applying it assigns them in the same transaction, and the
new mentors are invited to choose a password."""
import re

import pytest
from sqlalchemy import select

from app.auth import services as accounts
from app.auth.invitations import awaits_password
from app.auth.models import User
from app.enrolment.services import enroll
from app.rounds.models import Enrollment
from tests.rosters.helpers import HEADINGS, csv_file, person, problems_on

GUIDE_HEADINGS = HEADINGS + ["Email coach", "Email atasan"]


@pytest.fixture
def signed_in(sign_in, organiser):
    sign_in(organiser)
    return organiser


def email(n):
    return f"pegawai{n}@sumedangkab.go.id"


def row(n, role="participant", coach="", mentor="", **overrides):
    return person(n, role=role, **overrides) + [coach, mentor]


def guides(db, cohort):
    """{participant's email: (coach's email, mentor's email)} as enrolled."""
    emails = dict(db.session.execute(select(User.id, User.email)).all())
    return {emails[e.user_id]: (emails.get(e.coach_id), emails.get(e.mentor_id))
            for e in db.session.scalars(select(Enrollment).filter_by(cohort_id=cohort.id,
                                                                     role="participant"))}


def test_guides_in_the_file_or_in_the_round_are_accepted(signed_in, cohort, preview, coach,
                                                         mentor):
    rows = [row(1, "coach"), row(2, "mentor"),
            row(3, coach=email(1), mentor=email(2)),
            row(4, coach=coach.email.upper(), mentor=mentor.email),
            row(5)]
    page = preview(cohort, csv_file(rows, headings=GUIDE_HEADINGS)).text
    assert problems_on(page) == []
    assert "Email coach" not in page  # the preview names the columns in the reader's words
    assert "<th scope=\"col\">Coach email</th>" in page and email(1) in page


def test_a_bad_guide_is_a_problem_naming_its_row_and_column(signed_in, cohort, preview,
                                                            participant, coach):
    rows = [row(1, "coach"), row(2, "mentor"),
            row(3, coach=email(2)),                       # a mentor in the file
            row(4, mentor=email(1)),                      # a coach in the file
            row(5, coach="nobody@example.org"),           # nobody
            row(6, coach=participant.email),              # in the round as a participant
            row(7, mentor=coach.email),                   # in the round as a coach
            row(8, "mentor", coach=email(1)),             # a mentor has no coach
            row(9, coach="not an email")]
    page = preview(cohort, csv_file(rows, headings=GUIDE_HEADINGS)).text
    assert problems_on(page) == [
        ("4", "Email coach", f"{email(2)} is not a coach: row 3 lists them as Mentor."),
        ("5", "Email atasan", f"{email(1)} is not a mentor: row 2 lists them as Coach."),
        ("6", "Email coach",
         "nobody@example.org is neither a coach in this file nor a coach of this round."),
        ("7", "Email coach",
         "dewi@madangan.example is in this round as Participant, not as a coach."),
        ("8", "Email atasan",
         "hendra@madangan.example is in this round as Coach, not as a mentor."),
        ("9", "Email coach",
         "Only participants have a coach and a mentor; leave this cell empty."),
        ("10", "Email coach", "not an email is not a valid email address."),
    ]
    assert "/apply" not in page


@pytest.mark.parametrize("coach_heading, mentor_heading", [
    ("coach email", "mentor email"), ("Email Coach", "Email Mentor"),
    ("COACH_EMAIL", "email atasan"), ("E-mail coach", "Surel atasan"),
])
def test_the_guide_headings_are_recognised_in_english_and_indonesian(
        signed_in, cohort, preview, coach_heading, mentor_heading):
    rows = [row(1, "coach"), row(2, coach="nobody@example.org", mentor="nobody@example.org")]
    page = preview(cohort, csv_file(rows, headings=HEADINGS + [coach_heading,
                                                               mentor_heading])).text
    assert [(r, column) for r, column, _message in problems_on(page)] == [
        ("3", coach_heading), ("3", mentor_heading)]


def test_applying_assigns_the_guides_in_the_same_transaction(signed_in, client, db, cohort,
                                                             upload, mentor):
    rows = [row(1, "coach"), row(2, "mentor", name="Drs. Asep Hidayat"),
            row(3, coach=email(1), mentor=email(2)),
            row(4, coach=email(1), mentor=mentor.email),
            row(5)]
    response = upload(cohort, csv_file(rows, headings=GUIDE_HEADINGS), "roster.csv")
    applied = client.post(response.location + "/apply", data={})
    assert applied.status_code == 302, applied.text
    assert guides(db, cohort) == {email(3): (email(1), email(2)),
                                  email(4): (email(1), mentor.email),
                                  email(5): (None, None)}


def test_new_mentors_are_invited_once_the_roster_is_applied(signed_in, client, db, cohort,
                                                            upload, smtp_server, make_user):
    make_user(email=email(6), name="Has a password", roles=())
    waiting = accounts.create_user(email=email(7), name="Awaits a password")
    rows = [row(1, "coach"), row(2, "mentor"), row(6, "mentor"), row(7, "mentor"),
            row(3, coach=email(1), mentor=email(2))]
    response = upload(cohort, csv_file(rows, headings=GUIDE_HEADINGS), "roster.csv")
    assert smtp_server.messages == []
    client.post(response.location + "/apply", data={})
    assert sorted(m["To"] for m in smtp_server.messages) == [email(2), email(7)]
    [message] = smtp_server.to(email(2))
    link = re.search(r"http://localhost:5000(/invite/\S+)",
                     message.get_body(("plain",)).get_content()).group(1)
    assert awaits_password(accounts.find_user_by_email(email(2)))
    assert link.startswith("/invite/") and awaits_password(waiting)


def test_a_roster_with_a_bad_guide_changes_nothing(signed_in, client, db, cohort, upload,
                                                   smtp_server):
    rows = [row(2, "mentor"), row(3, coach="nobody@example.org", mentor=email(2))]
    response = upload(cohort, csv_file(rows, headings=GUIDE_HEADINGS), "roster.csv")
    refused = client.post(response.location + "/apply", data={})
    assert refused.status_code == 409
    assert accounts.find_user_by_email(email(2)) is None
    assert guides(db, cohort) == {} and smtp_server.messages == []


@pytest.fixture
def apply_queries(client, db, upload, count_queries, make_user, make_program, make_cohort,
                  courses, organisation):
    """The queries of applying a roster of `size` participants with coaches and mentors from
    the file and from the round."""

    def count(size):
        cohort = make_cohort(make_program(courses, organisation=organisation, slug=f"p{size}"))
        enrolled_mentor = make_user(roles=("mentor",), email=f"atasan{size}@jabarprov.go.id")
        enroll(cohort, enrolled_mentor, "mentor", actor=None)
        rows = [row(f"{size}-c", "coach"), row(f"{size}-m", "mentor")] + [
            row(f"{size}-{n}", coach=email(f"{size}-c") if n % 2 else "",
                mentor=email(f"{size}-m") if n % 3 else enrolled_mentor.email)
            for n in range(size)]
        response = upload(cohort, csv_file(rows, headings=GUIDE_HEADINGS), "roster.csv")
        with count_queries() as statements:
            applied = client.post(response.location + "/apply", data={})
        assert applied.status_code == 302, applied.text
        assert len(guides(db, cohort)) == size
        return len(statements)

    return count


def test_applying_guides_costs_the_same_queries_for_20_or_200_people(signed_in, apply_queries):
    small, large = apply_queries(20), apply_queries(200)
    assert small == large
    assert large <= 22
