"""Issuing, revoking and reissuing certificates: the rules, the snapshot, audit and notice."""
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from app import clock
from app.audit.models import AuditEvent
from app.certificates import services
from app.certificates.models import Certificate, Signatory
from app.enrolment.services import enroll
from app.errors import DomainError
from app.notifications.models import Notification
from tests.certificates.conftest import NIP, STUB_PDF, TODAY

pytestmark = pytest.mark.usefixtures("request_context", "stub_pdf")


def test_it_refuses_an_incomplete_participant_naming_what_is_missing(db, organiser, enrollment):
    with pytest.raises(services.NotComplete) as refused:
        services.issue_certificate(organiser, enrollment, today=TODAY)
    assert "Complete every required activity (0 of 6 done)" in str(refused.value)
    assert db.session.scalar(select(Certificate)) is None


def test_it_copies_the_facts_of_the_day_of_issue(db, organiser, program, cohort, completed,
                                                 make_session, stub_pdf):
    program.certificate_qualification = "Pemimpin Digital"
    cohort.place = "Bandung"
    make_session(cohort, jp=Decimal("2.5"))
    db.session.add_all([
        Signatory(program_id=program.id, position=2, name="Jane Roe", title="Director",
                  institution="Institute of Public Service"),
        Signatory(program_id=program.id, position=1, name="Budi Santoso", title="Kepala BPSDM",
                  nip="196801011990011001", institution="BPSDM Jabar")])
    db.session.flush()

    certificate = services.issue_certificate(organiser, completed, today=TODAY)

    assert (certificate.holder_name, certificate.holder_nip, certificate.holder_position,
            certificate.holder_institution) == ("Dewi Participant", NIP, "Analis Kebijakan",
                                                "Diskominfo Jabar")
    assert certificate.program_title == "Digital Leadership"
    assert certificate.qualification == "Pemimpin Digital"
    assert (certificate.cohort_name, certificate.cohort_starts_on, certificate.cohort_ends_on,
            certificate.cohort_place) == ("Angkatan I", cohort.starts_on, cohort.ends_on,
                                          "Bandung")
    assert certificate.organisation_name == "BPSDM Provinsi Jawa Barat"
    assert certificate.jp == Decimal("10.50")  # two courses of 4 JP and a session of 2.5
    assert certificate.issued_on == TODAY
    assert [s["name"] for s in certificate.signatories] == ["Budi Santoso", "Jane Roe"]
    assert certificate.languages == "id en"
    assert certificate.number == "BPSDM-JABAR/PROGRAM/2026/0001"
    assert len(certificate.verification_code) >= 43  # 256 bits, URL-safe
    assert certificate.verification_code not in certificate.number
    assert certificate.pdf == STUB_PDF
    context, template = stub_pdf[0]
    assert template == "default"
    assert context["verify_url"] == (
        f"http://localhost:5000/verify/{certificate.verification_code}")


def test_it_keeps_the_snapshot_when_the_holder_changes(db, certificate, holder):
    holder.name = "Dewi Renamed"
    db.session.flush()
    assert db.session.get(Certificate, certificate.id).holder_name == "Dewi Participant"


def test_it_audits_and_notifies_the_holder(db, certificate, holder, cohort):
    event = db.session.scalar(select(AuditEvent).filter_by(action="certificate.issued"))
    assert event.cohort_id == cohort.id
    assert event.details == {"number": certificate.number, "name": "Dewi Participant"}
    notification = db.session.scalar(select(Notification).filter_by(user_id=holder.id))
    assert (notification.kind, notification.link) == ("certificate_issued", "/certificates")
    assert notification.payload == {"program": "Digital Leadership"}


def test_it_refuses_a_second_current_certificate(db, organiser, certificate, completed):
    with pytest.raises(services.AlreadyCertified):
        services.issue_certificate(organiser, completed, today=TODAY)


def test_it_can_issue_without_rendering(db, organiser, completed, stub_pdf):
    certificate = services.issue_certificate(organiser, completed, today=TODAY, render=False)
    assert certificate.pdf is None and stub_pdf == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_requires_a_reason(db, organiser, certificate, reason):
    with pytest.raises(DomainError, match="Say why"):
        services.revoke_certificate(organiser, certificate, reason)
    assert certificate.revoked_at is None


def test_revoking_records_when_and_why(db, organiser, certificate):
    now = datetime(2026, 12, 20, 3, 0, tzinfo=timezone.utc)
    services.revoke_certificate(organiser, certificate, "Name misspelt", now=now)
    assert (certificate.revoked_at, certificate.revoked_reason) == (now, "Name misspelt")
    event = db.session.scalar(select(AuditEvent).filter_by(action="certificate.revoked"))
    assert event.details["reason"] == "Name misspelt"
    with pytest.raises(DomainError, match="already revoked"):
        services.revoke_certificate(organiser, certificate, "again")


def test_reissue_revokes_and_links_the_replacement(db, organiser, certificate, holder):
    holder.name = "Dewi Lestari"
    db.session.flush()
    new = services.reissue(organiser, certificate, "Name misspelt", today=TODAY)
    assert certificate.revoked_at is not None
    assert new.replaces_id == certificate.id
    assert new.holder_name == "Dewi Lestari"
    assert new.number == "BPSDM-JABAR/PROGRAM/2026/0002"
    assert services.current_certificate(new.enrollment_id) == new


def test_a_revoked_certificate_can_be_followed_by_a_new_issue(db, organiser, certificate,
                                                              completed):
    services.revoke_certificate(organiser, certificate, "Issued by mistake")
    assert services.issue_certificate(organiser, completed, today=TODAY).id != certificate.id


def test_issue_if_complete_issues_once_on_completion(db, completed):
    first = services.issue_if_complete(completed, TODAY)
    assert first is not None and first.issued_by_id is None
    assert services.issue_if_complete(completed, TODAY) is None
    assert len(db.session.scalars(select(Certificate)).all()) == 1


def test_issue_if_complete_waits_for_completion(db, enrollment):
    assert services.issue_if_complete(enrollment, TODAY) is None


def test_issue_if_complete_leaves_approval_programs_to_the_organiser(db, program, completed):
    program.certificate_needs_approval = True
    db.session.flush()
    assert services.issue_if_complete(completed, TODAY) is None
    assert db.session.scalar(select(Certificate)) is None


def test_issuable_ids_are_the_complete_without_a_current_certificate(
        db, cohort, make_user, complete, organiser, count_queries):
    people = [make_user(name=f"P{i}") for i in range(4)]
    enrollments = [enroll(cohort, person, actor=None) for person in people]
    for enrollment in enrollments[:3]:
        complete(enrollment)
    services.issue_certificate(organiser, enrollments[0], today=TODAY)
    with count_queries() as statements:
        ids = services.issuable_enrollment_ids(cohort, clock.now())
    assert ids == [enrollments[1].id, enrollments[2].id]
    assert len(statements) <= 5


def test_certificate_context_is_plain_data(db, certificate):
    context = services.certificate_context(certificate)
    assert context["holder"] == {"name": "Dewi Participant", "nip": NIP,
                                 "position": "Analis Kebijakan",
                                 "institution": "Diskominfo Jabar"}
    assert context["cohort"]["name"] == "Angkatan I"
    assert context["languages"] == ["id", "en"]
    assert context["revoked"] is False
    assert set(context) == {"number", "verification_code", "verify_url", "holder",
                            "program_title", "qualification", "seminar_predicate", "cohort",
                            "organisation_name", "jp", "issued_on", "signatories", "languages",
                            "revoked"}
