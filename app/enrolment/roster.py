"""Enrolling a round from a roster file: checking the rows read from it against the round and
the database, and applying a clean roster in one go."""
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.orm import joinedload, load_only

from app import clock
from app.audit.services import record_event
from app.auth.invitations import awaits_password
from app.auth.models import RoleGrant, User
from app.auth.services import unusable_password
from app.enrolment.guides import GUIDE_ROLES
from app.enrolment.labels import ENROLLMENT_ROLE_LABELS
from app.enrolment.models import RosterImport
from app.enrolment.roster_files import Problem, read_roster, roster_from_records
from app.enrolment.services import ACCOUNT_ROLES, participant_count
from app.errors import DomainError
from app.extensions import db
from app.regions.models import Region
from app.rounds.models import Enrollment, RoundRole
from app.rounds.services import lock_cohort
from app.rounds.statuses import COHORT_STATUSES


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
    check_guides(cohort, roster)
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
                 if row.role == RoundRole.PARTICIPANT and row.number not in enrolled]
    for row in newcomers[max(cohort.capacity - taken, 0):]:
        row.problems.append(Problem(
            _("Over capacity: the round has %(capacity)d places, %(taken)d are taken, and this "
              "participant is beyond them.", capacity=cohort.capacity, taken=taken),
            row.number, roster.headings.get("role")))


def check_guides(cohort, roster):
    """A participant's coach and mentor emails must name someone with that role in the file or
    already in the round; those in the round are found in one query."""
    roles = [role for role in GUIDE_ROLES if f"{role}_email" in roster.headings]
    in_file = {row.email: row for row in roster.rows if row.email}
    named = {getattr(row, f"{role}_email") for row in roster.rows for role in roles}
    named -= {None, *in_file}
    enrolled = {}
    if named:
        enrolled = {email: (user_id, role) for email, user_id, role in db.session.execute(
            select(func.lower(User.email), User.id, Enrollment.role)
            .join(Enrollment, Enrollment.user_id == User.id)
            .where(Enrollment.cohort_id == cohort.id, func.lower(User.email).in_(named)))}
    roster.guides = {email: user_id for email, (user_id, role) in enrolled.items()
                     if role in GUIDE_ROLES}
    for row in roster.rows:
        for role in roles:
            message = guide_problem(row, role, in_file, enrolled)
            if message:
                row.problems.append(Problem(message, row.number,
                                            roster.headings[f"{role}_email"]))


def guide_problem(row, role, in_file, enrolled):
    """What is wrong with the row's guide of this role, or None."""
    email = getattr(row, f"{role}_email")
    if email is None or row.role is None:  # a blank cell, or a role cell with its own problem
        return None
    if row.role != RoundRole.PARTICIPANT:
        return _("Only participants have a coach and a mentor; leave this cell empty.")
    guide = GUIDE_ROLES[role]
    if email in in_file:
        other = in_file[email]
        if other.role not in (role, None):
            return guide.listed_as % {"email": email, "row": other.number,
                                      "role": ENROLLMENT_ROLE_LABELS[other.role]}
        return None
    if email in enrolled:
        if enrolled[email][1] != role:
            return guide.enrolled_as % {"email": email,
                                        "role": ENROLLMENT_ROLE_LABELS[enrolled[email][1]]}
        return None
    return guide.not_in_round % {"email": email}


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
    """Enrol everyone on a clean roster, checked again now since the round may have changed,
    with the coaches and mentors it names for its participants. The mentors who cannot sign
    in yet are left in `roster.invitees`, for the caller to invite.

    Accounts, role grants and enrolments go in as batched inserts, so a roster of thousands
    costs a handful of statements on SQLite and PostgreSQL alike.
    """
    if roster_import.applied_at is not None:
        raise RosterAlreadyApplied(_(
            "This roster was already applied on %(when)s.",
            when=format_datetime(roster_import.applied_at, "short")))
    lock_cohort(cohort)
    roster = review_import(cohort, roster_import)
    if roster.problems:
        raise RosterHasProblems(roster)
    enroll_roster(cohort, roster)
    roster_import.applied_at = clock.now()
    roster_import.rows_applied = len(roster.rows)
    record_event(actor, "roster.applied", cohort=cohort, rows=len(roster.rows),
                 filename=roster_import.filename, emails=[row.email for row in roster.rows])
    db.session.flush()
    return roster


def enroll_records(actor, cohort, records):
    """Enrol the people of these records (dicts by roster column key, from the JSON API)
    under the roster's rules, all or nobody: RosterHasProblems names every problem."""
    lock_cohort(cohort)
    roster = check_roster(cohort, roster_from_records(records))
    if roster.problems:
        raise RosterHasProblems(roster)
    enroll_roster(cohort, roster)
    record_event(actor, "roster.received", cohort=cohort, rows=len(roster.rows),
                 emails=[row.email for row in roster.rows])
    db.session.flush()
    return roster


def enroll_roster(cohort, roster):
    """Enrol everyone on a checked, clean roster, with the coaches and mentors it names for its
    participants; the mentors who cannot sign in yet are left in `roster.invitees`.

    Accounts, role grants and enrolments go in as batched inserts, so a roster of thousands
    costs a handful of statements on SQLite and PostgreSQL alike.
    """
    fill_blanks(roster)
    user_ids = {email: user.id for email, user in roster.existing.items()}
    user_ids.update(create_accounts([row for row in roster.rows
                                     if row.email not in roster.existing]))
    grant_roles(roster, user_ids)
    guide_ids = {**roster.guides, **user_ids}

    def guide_id(email):
        return guide_ids[email] if email else None

    # render_nulls keeps rows with and without guides alike, so they go in as one batch.
    db.session.execute(insert(Enrollment).execution_options(render_nulls=True), [
        {"cohort_id": cohort.id, "user_id": user_ids[row.email], "role": row.role,
         "coach_id": guide_id(row.coach_email), "mentor_id": guide_id(row.mentor_email)}
        for row in roster.rows])
    roster.invitees = [user_ids[row.email] for row in roster.rows if row.role == RoundRole.MENTOR
                       and (row.email not in roster.existing
                            or awaits_password(roster.existing[row.email]))]


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
