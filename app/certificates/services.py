"""Issuing, revoking and reissuing certificates, and a program's certificate settings.

What a certificate says is copied at issue and never changes; a correction is a revocation and
a new certificate that names the one it replaces.

JP on a certificate is the training's JP as designed, the same for every holder of the round:
the JP of the program's courses plus the JP of every session of the cohort's agenda. (Whether
a participant attended enough sessions is a completion rule, checked before issue.)
"""
import secrets
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.audit.services import record_event
from app.auth.models import User
from app.certificates import numbering, pdf, queries
from app.certificates.models import Certificate, Signatory
from app.content.models import Course
from app.errors import DomainError
from app.events import enrollment_leaving, progress_recorded
from app.extensions import db
from app.links import absolute_url, path_for
from app.notifications.services import notify
from app.progress.queries import evaluate_cohort, evaluate_enrollments
from app.seminars import queries as seminar_queries
from app.seminars.rubric import predicate_bands
from app.rounds.models import CohortSession, Enrollment, ProgramCourse, RoundRole

LANGUAGES = "id en"
SIGNATORY_KEYS = ("name", "title", "nip", "institution")


class NotComplete(DomainError):
    """The participant has not met every completion rule yet."""


class AlreadyCertified(DomainError):
    """The participant already holds a current certificate for the round."""


def current_certificate(enrollment_id):
    """The enrollment's certificate that is not revoked, or None."""
    return db.session.scalar(select(Certificate).where(
        Certificate.enrollment_id == enrollment_id, Certificate.current))


def training_jp(cohort):
    """The JP of the program's courses plus the JP of the cohort's sessions; one query."""
    courses = (select(func.coalesce(func.sum(Course.jp), 0))
               .join(ProgramCourse, ProgramCourse.course_id == Course.id)
               .where(ProgramCourse.program_id == cohort.program_id).scalar_subquery())
    sessions = (select(func.coalesce(func.sum(CohortSession.jp), 0))
                .where(CohortSession.cohort_id == cohort.id).scalar_subquery())
    course_jp, session_jp = db.session.execute(select(courses, sessions)).one()
    return (Decimal(str(course_jp)) + Decimal(str(session_jp))).quantize(Decimal("0.01"))


def _missing_text(evaluation):
    return "; ".join(f"{requirement.label} ({requirement.detail})"
                     for requirement in evaluation.missing)


def issue_certificate(actor, enrollment, *, today, render=True, now=None):
    """Issue the certificate of a participant who completed the round; refuse with what is
    missing, or when they already hold a current certificate."""
    if enrollment.role != RoundRole.PARTICIPANT:
        raise DomainError(_("Only participants receive certificates."))
    if current_certificate(enrollment.id) is not None:
        raise AlreadyCertified(_("This participant already holds a certificate."))
    evaluation = evaluate_cohort(enrollment.cohort, [enrollment.id], now or clock.now())[
        enrollment.id]
    if not evaluation.complete:
        raise NotComplete(_("Not complete yet: %(missing)s", missing=_missing_text(evaluation)))
    return _issue(actor, enrollment, today=today, render=render)


def seminar_predicate(enrollment):
    """"Sangat Memuaskan / Very satisfactory": the published seminar predicate, or ""."""
    result = seminar_queries.result_of(enrollment.id)
    band = result and next((b for b in predicate_bands() if b.key == result.predicate), None)
    return f"{band.label_id} / {band.label_en}" if band else ""


def _issue(actor, enrollment, *, today, render, replaces=None):
    cohort = enrollment.cohort
    program = cohort.program
    holder = db.session.get(User, enrollment.user_id)
    certificate = Certificate(
        enrollment_id=enrollment.id, verification_code=secrets.token_urlsafe(32),
        holder_name=holder.name, holder_nip=holder.nip, holder_position=holder.position,
        holder_institution=holder.institution, program_title=program.title,
        qualification=program.certificate_qualification, cohort_name=cohort.name,
        seminar_predicate=seminar_predicate(enrollment) if program.certificate_shows_predicate
        else "",
        cohort_starts_on=cohort.starts_on, cohort_ends_on=cohort.ends_on,
        cohort_place=cohort.place, organisation_name=program.organisation.name,
        jp=training_jp(cohort), issued_on=today, languages=LANGUAGES,
        signatories=[{"name": s.name, "title": s.title, "nip": s.nip,
                      "institution": s.institution}
                     for s in queries.program_signatories(program.id)],
        issued_by_id=actor.id if actor is not None else None,
        replaces_id=replaces.id if replaces is not None else None)
    try:
        # The number and the row go together: a concurrent issue for the same participant
        # gives its number back with the savepoint.
        with db.session.begin_nested():
            certificate.number = numbering.next_number(program, today.year)
            db.session.add(certificate)
    except IntegrityError:
        raise AlreadyCertified(_("This participant already holds a certificate.")) from None
    if render:
        render_pdf(certificate, program)
    record_event(actor, "certificate.issued", cohort=cohort, number=certificate.number,
                 name=certificate.holder_name)
    notify(holder.id, "certificate_issued", link=path_for("certificates.mine"),
           program=program.title)
    db.session.flush()
    return certificate


def issue_if_complete(enrollment, today, *, evaluation=None, render=True, now=None):
    """Issue a participant's certificate when the program issues on completion and they
    completed it; return it, or None. Safe to call after every write.

    A page that has evaluated the enrollment already passes its `evaluation`, so an
    incomplete participant costs no query."""
    if (enrollment.role != RoundRole.PARTICIPANT
            or enrollment.cohort.program.certificate_needs_approval
            or (evaluation is not None and not evaluation.complete)
            or current_certificate(enrollment.id) is not None):
        return None
    try:
        return issue_certificate(None, enrollment, today=today, render=render, now=now)
    except (NotComplete, AlreadyCertified):
        return None


@enrollment_leaving.connect
def keep_certified(sender, enrollment, name):
    """Refuse to take a certificate's holder out of its round: the certificate stays on record."""
    if db.session.scalar(select(Certificate.id).filter_by(enrollment_id=enrollment.id)
                         .limit(1)) is not None:
        raise DomainError(_("%(name)s holds a certificate of this round, which stays on "
                            "record; revoke it if it was issued by mistake.", name=name))


@progress_recorded.connect
def issue_on_completion(sender, enrollment_ids):
    """Issue, at the write that completes them, the certificates of participants whose
    program issues on completion."""
    issue_earned(db.session.scalars(select(Enrollment).where(
        Enrollment.id.in_(enrollment_ids))).all(), clock.today())


def issue_earned(enrollments, today, *, now=None):
    """Issue the certificates these enrollments have earned without an organiser's approval;
    return those issued. Seven queries however
    many rounds, and a few more for each certificate issued."""
    candidates = [enrollment for enrollment in enrollments
                  if enrollment.role == RoundRole.PARTICIPANT
                  and not enrollment.cohort.program.certificate_needs_approval]
    if not candidates:
        return []
    certified = set(db.session.scalars(select(Certificate.enrollment_id).where(
        Certificate.enrollment_id.in_([e.id for e in candidates]),
        Certificate.current)))
    candidates = [enrollment for enrollment in candidates if enrollment.id not in certified]
    evaluations = evaluate_enrollments(candidates, now or clock.now())
    issued = [issue_if_complete(enrollment, today, evaluation=evaluations[enrollment.id],
                                now=now)
              for enrollment in candidates if evaluations[enrollment.id].complete]
    return [certificate for certificate in issued if certificate is not None]


def issuable_enrollment_ids(cohort, now):
    """The cohort's participants who completed it and hold no current certificate; three to
    six queries whatever the cohort's size."""
    participants = db.session.scalars(select(Enrollment.id).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == RoundRole.PARTICIPANT,
        Enrollment.id.not_in(select(Certificate.enrollment_id)
                             .where(Certificate.current)))
        .order_by(Enrollment.id)).all()
    if not participants:
        return []
    evaluations = evaluate_cohort(cohort, participants, now)
    return [enrollment_id for enrollment_id in participants
            if evaluations[enrollment_id].complete]


def revoke_certificate(actor, certificate, reason, *, now=None):
    """Revoke a certificate for a stated reason; verifying it shows the revocation."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the certificate is revoked."))
    if not certificate.current:
        raise DomainError(_("This certificate is already revoked."))
    certificate.revoked_at = now or clock.now()
    certificate.revoked_reason = reason
    enrollment = db.session.get(Enrollment, certificate.enrollment_id)
    record_event(actor, "certificate.revoked", cohort=enrollment.cohort,
                 number=certificate.number, name=certificate.holder_name, reason=reason)
    db.session.flush()
    return certificate


def reissue(actor, certificate, reason, *, today, render=True, now=None):
    """Revoke a certificate and issue a new one, from today's facts, that replaces it.

    Completion is not evaluated again: the revoked certificate attested it, and a correction
    (a misspelt name) must not depend on content changed since."""
    revoke_certificate(actor, certificate, reason, now=now)
    enrollment = db.session.get(Enrollment, certificate.enrollment_id)
    return _issue(actor, enrollment, today=today, render=render, replaces=certificate)


def render_pdf(certificate, program):
    """Render and keep the certificate's PDF (a bulk run renders later, in its workers)."""
    certificate.pdf = pdf.render_certificate(certificate_context(certificate),
                                             template=program.certificate_template)
    return certificate.pdf


def verify_url(certificate):
    return absolute_url(path_for("verify.show", code=certificate.verification_code))


def certificate_context(certificate):
    """Everything a certificate's PDF shows, as plain data."""
    return {
        "number": certificate.number,
        "verification_code": certificate.verification_code,
        "verify_url": verify_url(certificate),
        "holder": {"name": certificate.holder_name, "nip": certificate.holder_nip,
                   "position": certificate.holder_position,
                   "institution": certificate.holder_institution},
        "program_title": certificate.program_title,
        "qualification": certificate.qualification,
        "seminar_predicate": certificate.seminar_predicate,
        "cohort": {"name": certificate.cohort_name, "starts_on": certificate.cohort_starts_on,
                   "ends_on": certificate.cohort_ends_on, "place": certificate.cohort_place},
        "organisation_name": certificate.organisation_name,
        "jp": certificate.jp,
        "issued_on": certificate.issued_on,
        "signatories": [{key: signatory.get(key) for key in SIGNATORY_KEYS}
                        for signatory in certificate.signatories],
        "languages": certificate.languages.split(),
        "revoked": not certificate.current,
    }


def find_by_number_and_name(number, name):
    """The certificate with this number whose holder has this name (case and spacing
    ignored), or None either way, so a wrong name tells nothing about the number."""
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.number == (number or "").strip()))
    if certificate is None or _plain_name(certificate.holder_name) != _plain_name(name):
        return None
    return certificate


def _plain_name(name):
    return " ".join((name or "").split()).casefold()


# --- settings ------------------------------------------------------------------------------

def update_certificate_settings(actor, program, *, needs_approval, number_pattern,
                                qualification, template):
    """Change how a program's certificates are issued, numbered and rendered (the form has
    checked the pattern with numbering.parse_pattern)."""
    program.certificate_needs_approval = needs_approval
    program.certificate_number_pattern = number_pattern
    program.certificate_qualification = qualification
    program.certificate_template = template
    record_event(actor, "certificate.settings_changed", organisation_id=program.organisation_id,
                 program=program.title)
    db.session.flush()


def add_signatory(actor, program, *, name, title, nip, institution, position=None):
    """Add someone who signs the program's certificates; by default after the others."""
    if position is None:
        position = (db.session.scalar(select(func.max(Signatory.position))
                                      .where(Signatory.program_id == program.id)) or 0) + 1
    signatory = Signatory(program_id=program.id, name=name, title=title, nip=nip or None,
                          institution=institution, position=position)
    db.session.add(signatory)
    record_event(actor, "certificate.signatory_added", organisation_id=program.organisation_id,
                 program=program.title, name=name)
    db.session.flush()
    return signatory


def remove_signatory(actor, program, signatory):
    """Stop a signatory signing the program's future certificates."""
    db.session.delete(signatory)
    record_event(actor, "certificate.signatory_removed",
                 organisation_id=program.organisation_id, program=program.title,
                 name=signatory.name)
    db.session.flush()
