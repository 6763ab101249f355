"""A province in miniature that grows: `grow(n)` adds n participants to the cast's round, each
with completions, attendance at every session, an action plan with milestones and a
certificate, plus sessions, check-ins, notifications, SPBE scores and further rounds of the
cast's participant in proportion, all by bulk insert, so a page can be measured at two sizes
in one test."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import insert, select

from app.auth.models import User
from app.benchmarking.models import RegionScore
from app.certificates.models import Certificate
from app.certificates.services import issue_certificate
from app.content.models import Activity
from app.learning.models import Completion
from app.mentoring.models import CheckIn, Milestone, Submission
from app.notifications.services import notify
from app.regions.models import Region
from app.rounds.models import Attendance, Cohort, CohortSession, Enrollment
from tests.benchmarking_dashboard.conftest import framework, make_score  # noqa: F401
from tests.certificates.conftest import COMPLETED_AT, stub_pdf  # noqa: F401
from tests.conftest import complete_every_activity

NOW = datetime(2026, 11, 26, 5, 0, tzinfo=timezone.utc)
STATUSES = ("present", "late", "absent")


@pytest.fixture
def province(db, cohort, guided_enrollment, organiser, coach, mentor, participant, make_session,
             make_score, framework, stub_pdf):  # noqa: F811
    """The cast's round with one session, the guided participant's finished journey and their
    certificate; `province.grow(n)` makes it bigger."""
    activities = db.session.scalars(select(Activity).order_by(Activity.course_id,
                                                              Activity.position)).all()
    complete_every_activity(guided_enrollment, COMPLETED_AT)
    participant.region_code = "32.73"
    first = make_session(cohort)
    db.session.flush()
    make_score("32.73", index="3.10", year=2024)
    make_score("32.11", levels=(5, 4, 2, 2, 4, 2))
    certificate = issue_certificate(organiser, guided_enrollment, today=date(2026, 12, 12))
    regions = iter(db.session.scalars(select(Region.code).where(
        Region.kind != "province", Region.code.not_in(("32.73", "32.11"))).order_by(Region.code)))
    numbers = count()

    class Province:
        session = first

        def grow(self, n):
            """Add n participants, n // 5 + 1 sessions, n // 10 + 1 more rounds of the cast's
            participant and n of everything else."""
            batch = [next(numbers) for _ in range(n)]
            codes = [next(regions) for _ in batch]
            user_ids = db.session.scalars(
                insert(User).returning(User.id, sort_by_parameter_order=True),
                [{"email": f"pns{k}@perf.example", "name": f"Peserta {k:05d}",
                  "password_hash": "unusable", "region_code": code}
                 for k, code in zip(batch, codes)]).all()
            enrollment_ids = db.session.scalars(
                insert(Enrollment).returning(Enrollment.id, sort_by_parameter_order=True),
                [{"cohort_id": cohort.id, "user_id": user_id, "role": "participant",
                  "coach_id": coach.id, "mentor_id": mentor.id} for user_id in user_ids]).all()
            # 08:00 WIB from 19 November on, within the round: at the suite's moment the
            # first eight days are over and Clinic 8 is tomorrow's first session.
            start = datetime(2026, 11, 19, 1, 0, tzinfo=timezone.utc)
            db.session.execute(insert(CohortSession), [
                {"cohort_id": cohort.id, "title": f"Clinic {k}", "jp": Decimal(2),
                 "starts_at": start + timedelta(days=k % 20, hours=k // 20 * 3),
                 "ends_at": start + timedelta(days=k % 20, hours=k // 20 * 3 + 2),
                 "checkin_code": f"P{k:05d}"}
                for k in batch[:n // 5 + 1]])
            session_ids = db.session.scalars(select(CohortSession.id).filter_by(
                cohort_id=cohort.id)).all()
            done = set(db.session.execute(
                select(Attendance.session_id, Attendance.enrollment_id)
                .where(Attendance.session_id.in_(session_ids))).all())
            everyone = db.session.scalars(select(Enrollment.id).filter_by(
                cohort_id=cohort.id, role="participant")).all()
            db.session.execute(insert(Attendance), [
                {"session_id": session_id, "enrollment_id": enrollment_id,
                 "status": STATUSES[(session_id + enrollment_id) % 3]}
                for session_id in session_ids for enrollment_id in everyone
                if (session_id, enrollment_id) not in done])
            db.session.execute(insert(Completion), [
                {"enrollment_id": enrollment_id, "activity_id": activity.id,
                 "completed_at": NOW - timedelta(days=k % 10),
                 "score": 80 if activity.kind == "quiz" else None}
                for k, enrollment_id in zip(batch, enrollment_ids)
                for activity in activities[:k % len(activities) + 1]])
            plan_ids = db.session.scalars(
                insert(Submission).returning(Submission.id, sort_by_parameter_order=True),
                [{"enrollment_id": enrollment_id, "kind": "action_plan",
                  "status": ("submitted", "approved", "draft")[k % 3], "content": {},
                  "created_at": NOW - timedelta(days=9), "updated_at": NOW,
                  "submitted_at": NOW - timedelta(days=k % 9)}
                 for k, enrollment_id in zip(batch, enrollment_ids)]).all()
            db.session.execute(insert(Milestone), [
                {"submission_id": plan_id, "position": position, "title": f"Step {position}",
                 "due_on": NOW.date() + timedelta(days=position), "status": "planned"}
                for plan_id in plan_ids for position in (1, 2)])
            db.session.execute(insert(Certificate), [
                {"enrollment_id": enrollment_id, "number": f"PERF/{k:05d}",
                 "verification_code": f"perf{k:05d}", "holder_name": f"Peserta {k:05d}",
                 "program_title": certificate.program_title, "cohort_name": cohort.name,
                 "organisation_name": certificate.organisation_name, "jp": Decimal(20),
                 "cohort_starts_on": cohort.starts_on, "cohort_ends_on": cohort.ends_on,
                 "issued_on": certificate.issued_on, "issued_by_id": organiser.id,
                 "signatories": certificate.signatories}
                for k, enrollment_id in zip(batch, enrollment_ids)])
            db.session.execute(insert(CheckIn), [
                {"enrollment_id": guided_enrollment.id, "author_id": (coach, mentor)[k % 2].id,
                 "notes": f"Note {k}", "shared": True, "held_on": NOW.date(),
                 "created_at": NOW - timedelta(hours=k)}
                for k in batch])
            for k in batch:
                notify(participant.id, "feedback_received", link=f"/journey/{cohort.id}",
                       reviewer="Hendra Coach", work=f"action plan {k}")
            rounds = db.session.scalars(
                insert(Cohort).returning(Cohort.id, sort_by_parameter_order=True),
                [{"program_id": cohort.program_id, "name": f"Angkatan P{k}",
                  "starts_on": cohort.starts_on, "ends_on": cohort.ends_on, "status": "running"}
                 for k in batch[:n // 10 + 1]]).all()
            own = db.session.scalars(
                insert(Enrollment).returning(Enrollment.id, sort_by_parameter_order=True),
                [{"cohort_id": round_id, "user_id": participant.id, "role": "participant",
                  "coach_id": coach.id} for round_id in rounds]).all()
            db.session.execute(insert(Completion), [
                {"enrollment_id": enrollment_id, "activity_id": activity.id,
                 "completed_at": NOW} for enrollment_id in own for activity in activities[:2]])
            db.session.execute(insert(RegionScore), [
                {"region_code": code, "framework_id": framework.framework.id, "year": 2024,
                 "stage": "official", "index": Decimal("2.60"), "predicate": "Baik"}
                for code in codes])
            db.session.flush()

    province = Province()
    province.certificate = certificate
    return province
