"""Reading certificates for the organiser's, the participant's and the public pages."""
from sqlalchemy import bindparam, select

from app.auth.models import User
from app.certificates.models import Certificate, Signatory
from app.extensions import db
from app.organisations.models import Organisation
from app.rounds.models import Cohort, Enrollment, Program, RoundRole


def cohort_participants(cohort_id):
    """(enrollment, user) of the cohort's participants by name; one query."""
    return db.session.execute(
        select(Enrollment, User).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort_id, Enrollment.role == RoundRole.PARTICIPANT)
        .order_by(User.name, User.id)).all()


def certificates_by_enrollment(enrollment_ids):
    """{enrollment id: [certificate, newest first]}; one query."""
    found = {enrollment_id: [] for enrollment_id in enrollment_ids}
    for certificate in db.session.scalars(
            select(Certificate).where(Certificate.enrollment_id.in_(enrollment_ids))
            .order_by(Certificate.id.desc())):
        found[certificate.enrollment_id].append(certificate)
    return found


def user_certificates(user_id):
    """The user's certificates, newest first; one query."""
    return db.session.scalars(
        select(Certificate).join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .where(Enrollment.user_id == user_id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())).all()


def certificate_with_cohort(certificate_id):
    """(certificate, enrollment, cohort) or None; one query."""
    return db.session.execute(
        select(Certificate, Enrollment, Cohort)
        .join(Enrollment, Enrollment.id == Certificate.enrollment_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Certificate.id == certificate_id)).first()


# The public verification page's one query, built once.
BY_CODE = select(Certificate).where(Certificate.verification_code == bindparam("code"))


def by_code(code):
    return db.session.scalar(BY_CODE, {"code": code})


def program_signatories(program_id):
    return db.session.scalars(select(Signatory).where(Signatory.program_id == program_id)
                              .order_by(Signatory.position, Signatory.id)).all()


def organisation_slug(certificate):
    """The slug of the organisation that issued the certificate; one query."""
    return db.session.scalar(
        select(Organisation.slug).join(Program, Program.organisation_id == Organisation.id)
        .join(Cohort, Cohort.program_id == Program.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.id == certificate.enrollment_id))
