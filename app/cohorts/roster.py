"""Enrolling a round from a roster file: checking the rows read from it against the round and
the database, and applying a clean roster in one go."""
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.orm import joinedload, load_only

from app.audit.services import record_event
from app.auth.models import RoleGrant, User
from app.auth.services import unusable_password
from app.benchmarking.models import Region
from app.cohorts.models import Enrollment, RosterImport
from app.cohorts.roster_files import Problem, read_roster
from app.cohorts.forms import ENROLLMENT_ROLE_LABELS
from app.cohorts.services import ACCOUNT_ROLES, participant_count
from app.cohorts.statuses import COHORT_STATUSES
from app.errors import DomainError
from app.extensions import db
from app.models import utcnow


class RosterHasProblems(DomainError):
    def __init__(self, roster):
        super().__init__(_("The roster has problems, so nobody was enrolled. Correct the file "
                           "and upload it again."))
        self.roster = roster


class RosterAlreadyApplied(DomainError):
    pass


# --- checking against the cohort -----------------------------------------------------------

def check_roster(cohort, roster):
    """Add the problems only the database can reveal, each found in one query for all rows."""
    status = COHORT_STATUSES[cohort.status]
    if not status.enrolment:
        roster.general.append(Problem(_("Nobody can join a round that is %(status)s.",
                                        status=status.label)))
    emails = {row.email for row in roster.rows if row.email}
    if emails:
        users = db.session.scalars(
            select(User).options(joinedload(User.role_grants))
            .where(func.lower(User.email).in_(emails))).unique().all()
        roster.existing = {user.email.lower(): user for user in users}
    check_regions(roster)
    check_nips(roster)
    enrolled = check_enrolled(cohort, roster)
    check_capacity(cohort, roster, enrolled)
    return roster


def check_regions(roster):
    codes = {row.region_code for row in roster.rows if row.region_code}
    if not codes:
        return
    known = set(db.session.scalars(select(Region.code).where(Region.code.in_(codes))))
    for row in roster.rows:
        if row.region_code and row.region_code not in known:
            row.problems.append(Problem(
                _("%(code)s is not a Kemendagri region code; write it like 32.11.",
                  code=row.region_code), row.number, roster.headings["region_code"]))


def check_nips(roster):
    """A NIP identifies one person: it may not already belong to another account."""
    nips = {row.nip for row in roster.rows if row.nip}
    if not nips:
        return
    owners = dict(db.session.execute(
        select(User.nip, User.email).where(User.nip.in_(nips))).all())
    for row in roster.rows:
        owner = owners.get(row.nip) if row.nip else None
        if owner is not None and owner.lower() != row.email:
            row.problems.append(Problem(
                _("The NIP %(nip)s belongs to another account (%(email)s).",
                  nip=row.nip, email=owner), row.number, roster.headings["nip"]))


def check_enrolled(cohort, roster):
    """The rows whose person is already in the round, who cannot be enrolled again."""
    by_id = {user.id: email for email, user in roster.existing.items()}
    if not by_id:
        return set()
    roles = dict(db.session.execute(
        select(Enrollment.user_id, Enrollment.role)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.user_id.in_(by_id))).all())
    enrolled_emails = {by_id[user_id]: role for user_id, role in roles.items()}
    enrolled = set()
    for row in roster.rows:
        if row.email in enrolled_emails:
            enrolled.add(row.number)
            row.problems.append(Problem(
                _("%(email)s is already in this round as %(role)s.", email=row.email,
                  role=ENROLLMENT_ROLE_LABELS[enrolled_emails[row.email]]),
                row.number, roster.headings["email"]))
    return enrolled


def check_capacity(cohort, roster, enrolled):
    """Participants beyond the round's free places each get the problem."""
    if cohort.capacity is None:
        return
    taken = participant_count(cohort)
    newcomers = [row for row in roster.rows
                 if row.role == "participant" and row.number not in enrolled]
    for row in newcomers[max(cohort.capacity - taken, 0):]:
        row.problems.append(Problem(
            _("Over capacity: the round has %(capacity)d places, %(taken)d are taken, and this "
              "participant is beyond them.", capacity=cohort.capacity, taken=taken),
            row.number, roster.headings.get("role")))


# --- uploading and applying ----------------------------------------------------------------

def upload_roster(actor, cohort, filename, content):
    """Keep an uploaded file until the organiser has seen its preview and confirms it."""
    filename = filename.replace("\\", "/").rsplit("/", 1)[-1][-255:]
    roster_import = RosterImport(cohort_id=cohort.id, uploaded_by_id=actor.id,
                                 filename=filename, content=content)
    db.session.add(roster_import)
    db.session.flush()
    return roster_import


def review_import(cohort, roster_import):
    """The import's rows and problems; once applied, its rows as read, since its people are
    now in the round."""
    roster = read_roster(roster_import.filename, roster_import.content)
    if roster_import.applied_at is None:
        check_roster(cohort, roster)
    return roster


def apply_roster(actor, cohort, roster_import):
    """Enrol everyone on a clean roster, checked again now since the round may have changed.

    Accounts, role grants and enrolments go in as batched inserts, so a roster of thousands
    costs a handful of statements on SQLite and PostgreSQL alike.
    """
    if roster_import.applied_at is not None:
        raise RosterAlreadyApplied(_(
            "This roster was already applied on %(when)s.",
            when=format_datetime(roster_import.applied_at, "short")))
    roster = review_import(cohort, roster_import)
    if roster.problems:
        raise RosterHasProblems(roster)
    fill_blanks(roster)
    user_ids = {email: user.id for email, user in roster.existing.items()}
    user_ids.update(create_accounts([row for row in roster.rows
                                     if row.email not in roster.existing]))
    grant_roles(roster, user_ids)
    db.session.execute(insert(Enrollment), [
        {"cohort_id": cohort.id, "user_id": user_ids[row.email], "role": row.role}
        for row in roster.rows])
    roster_import.applied_at = utcnow()
    roster_import.rows_applied = len(roster.rows)
    record_event(actor, "roster.applied", cohort=cohort, rows=len(roster.rows),
                 filename=roster_import.filename, emails=[row.email for row in roster.rows])
    db.session.flush()
    return roster


def fill_blanks(roster):
    """Complete existing accounts with the roster's details where they have none; what the
    person or an administrator entered is never overwritten."""
    for row in roster.rows:
        user = roster.existing.get(row.email)
        for key in ("nip", "position", "institution", "region_code"):
            if user is not None and not getattr(user, key) and getattr(row, key):
                setattr(user, key, getattr(row, key))
    db.session.flush()


def create_accounts(rows):
    """{email: id} of new accounts for these rows, inserted in batches."""
    if not rows:
        return {}
    accounts = [{"email": row.email, "name": row.name, "nip": row.nip, "position": row.position,
                 "institution": row.institution, "region_code": row.region_code,
                 "locale": "id", "password_hash": unusable_password()} for row in rows]
    # render_nulls keeps every row's columns alike, so the rows go in as one batch.
    statement = insert(User).returning(User.email, User.id).execution_options(render_nulls=True)
    return dict(db.session.execute(statement, accounts).all())


def grant_roles(roster, user_ids):
    """Give each person the account-wide role of their cohort role, unless they hold it."""
    held = {(user.id, grant.role) for user in roster.existing.values()
            for grant in user.role_grants}
    grants = [{"user_id": user_ids[row.email], "role": ACCOUNT_ROLES[row.role]}
              for row in roster.rows if row.role in ACCOUNT_ROLES
              and (user_ids[row.email], ACCOUNT_ROLES[row.role]) not in held]
    if grants:
        db.session.execute(insert(RoleGrant), grants)
    for user in roster.existing.values():
        db.session.expire(user, ["role_grants"])  # reload with the new grant when next read


def recent_imports(cohort_id, limit=5):
    """The round's latest uploads, without their file contents."""
    return db.session.scalars(
        select(RosterImport).options(load_only(
            RosterImport.filename, RosterImport.uploaded_at, RosterImport.applied_at,
            RosterImport.rows_applied))
        .where(RosterImport.cohort_id == cohort_id)
        .order_by(RosterImport.uploaded_at.desc(), RosterImport.id.desc()).limit(limit)).all()
