"""Confirming a roster: everyone goes in at once, in one transaction, or nobody does."""
import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth import services as accounts
from app.auth.models import User
from app.enrolment.models import RosterImport
from app.rounds.models import Enrollment
from tests.conftest import PASSWORD
from tests.rosters.helpers import csv_file, import_id_of, person, problems_on, sample


@pytest.fixture
def signed_in(sign_in, organiser):
    sign_in(organiser)
    return organiser


def counts(db):
    return (db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(Enrollment.id))))


def enrolled(db, cohort):
    return dict(db.session.execute(
        select(User.email, Enrollment.role).join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.cohort_id == cohort.id)).all())


def test_confirming_enrols_everyone_and_writes_one_audit_event(signed_in, client, cohort,
                                                               upload, db):
    response = upload(cohort, sample("roster_bom.csv"), "peserta angkatan I.csv")
    applied = client.post(response.location + "/apply", data={})
    assert applied.status_code == 302
    assert applied.location == f"/manage/cohorts/{cohort.id}"
    assert enrolled(db, cohort) == {"neneng@sumedangkab.go.id": "participant",
                                    "asep.hidayat@sumedangkab.go.id": "mentor",
                                    "budi.santoso@unpad.ac.id": "coach"}
    [event] = db.session.scalars(select(AuditEvent).filter_by(action="roster.applied")).all()
    assert event.actor_id == signed_in.id and event.cohort_id == cohort.id
    assert event.details["rows"] == 3
    assert event.details["filename"] == "peserta angkatan I.csv"
    assert sorted(event.details["emails"]) == sorted(enrolled(db, cohort))
    roster_import = db.session.get(RosterImport, import_id_of(response))
    assert roster_import.applied_at is not None and roster_import.rows_applied == 3
    assert "3 people from peserta angkatan I.csv are now in the round." in \
        client.get(applied.location).text


def test_new_accounts_hold_their_role_speak_indonesian_and_wait_for_an_invitation(
        signed_in, client, cohort, upload, db):
    response = upload(cohort, sample("roster_semicolon.csv"), "roster.csv")
    client.post(response.location + "/apply", data={})
    dedi = accounts.find_user_by_email("dedi@jabarprov.go.id")
    assert (dedi.name, dedi.nip, dedi.position, dedi.region_code, dedi.locale) == (
        "Dédi Kusnadi", "198905172015031001", "Pranata Komputer", "32", "id")
    assert dedi.roles == {"participant"}
    assert accounts.find_user_by_email("yusuf@jabarprov.go.id").roles == set()  # an observer
    assert accounts.authenticate("dedi@jabarprov.go.id", "") is None
    assert accounts.authenticate("dedi@jabarprov.go.id", dedi.password_hash) is None


def test_an_existing_account_is_matched_by_email_and_only_its_blanks_filled(
        signed_in, client, cohort, upload, db, make_user):
    budi = make_user(email="budi.santoso@unpad.ac.id", name="Dr. Budi Santoso",
                     position="Lektor Kepala", roles=("participant",))
    rows = [person(1, name="Budi S.", email="Budi.Santoso@UNPAD.ac.id", role="coach",
                   nip="198001012005011003", position="Dosen", region="32.73")]
    before = counts(db)
    response = upload(cohort, csv_file(rows), "roster.csv")
    client.post(response.location + "/apply", data={})
    assert counts(db) == (before[0], before[1] + 1)
    budi = db.session.get(User, budi.id)
    assert (budi.name, budi.position) == ("Dr. Budi Santoso", "Lektor Kepala")  # kept
    assert (budi.nip, budi.region_code) == ("198001012005011003", "32.73")  # filled
    assert budi.roles == {"participant", "coach"}
    assert enrolled(db, cohort) == {"budi.santoso@unpad.ac.id": "coach"}
    assert accounts.authenticate(budi.email, PASSWORD) == budi  # their password still works


def test_nothing_is_saved_while_the_file_has_problems(signed_in, client, cohort, upload, db):
    before = counts(db)
    response = upload(cohort, sample("roster_problems.csv"), "roster.csv")
    refused = client.post(response.location + "/apply", data={})
    assert refused.status_code == 409
    assert "nobody was enrolled" in refused.text and problems_on(refused.text)
    assert counts(db) == before
    assert db.session.get(RosterImport, import_id_of(response)).applied_at is None
    assert db.session.scalar(select(AuditEvent).filter_by(action="roster.applied")) is None


def test_problems_that_arise_after_the_preview_stop_the_apply(signed_in, client, cohort,
                                                              upload, db, participant):
    response = upload(cohort, sample("roster_semicolon.csv"), "roster.csv")
    assert problems_on(client.get(response.location).text) == []
    cohort.capacity = 2  # meanwhile the round shrank: Dewi and one more fit
    db.session.flush()
    before = counts(db)
    refused = client.post(response.location + "/apply", data={})
    assert refused.status_code == 409
    assert [(row, column) for row, column, _message in problems_on(refused.text)] == [
        ("3", "Peran")]
    assert counts(db) == before


def test_a_roster_cannot_be_applied_twice(signed_in, client, cohort, upload, db):
    response = upload(cohort, sample("roster_bom.csv"), "roster.csv")
    client.post(response.location + "/apply", data={})
    before = counts(db)
    again = client.post(response.location + "/apply", data={})
    assert again.status_code == 302 and again.location == response.location
    assert "This roster was already applied" in client.get(again.location).text
    assert counts(db) == before
    assert db.session.scalar(select(func.count(AuditEvent.id))
                             .filter_by(action="roster.applied")) == 1


def test_a_forged_confirmation_without_csrf_token_is_refused(signed_in, client, cohort,
                                                             upload, db):
    response = upload(cohort, sample("roster_bom.csv"), "roster.csv")
    before = counts(db)
    assert client.post(response.location + "/apply", data={}, csrf=False).status_code == 400
    assert counts(db) == before


@pytest.fixture
def apply_queries(client, upload, count_queries, make_user, make_program, make_cohort,
                  courses, organisation):
    """The queries of confirming a roster of `size` people, some with accounts already."""

    def count(size):
        cohort = make_cohort(make_program(courses, organisation=organisation, slug=f"p{size}"))
        for n in range(0, size, 10):
            make_user(email=f"pegawai{size}-{n}@sumedangkab.go.id")
        rows = [person(f"{size}-{n}", role=("participant", "coach", "observer")[n % 3],
                       nip=f"19870312{size:03d}0{n:06d}" if n % 2 else "")
                for n in range(size)]
        response = upload(cohort, csv_file(rows), "roster.csv")
        with count_queries() as statements:
            applied = client.post(response.location + "/apply", data={})
        assert applied.status_code == 302, applied.text
        return len(statements)

    return count


def test_applying_costs_the_same_queries_for_20_or_200_people(signed_in, apply_queries):
    small, large = apply_queries(20), apply_queries(200)
    assert small == large
    assert large <= 20
