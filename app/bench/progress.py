"""What the generated people did: lessons and quizzes, attendance, action plans under review
and certificates, in realistic spreads — most finish or get midway, some barely start, some
never show up — and consistent with the completion rules, so exactly those who finished a
completed round hold a certificate."""
import math
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from app.certificates import numbering
from app.certificates.models import Certificate, CertificateSequence, Signatory
from app.certificates.services import LANGUAGES, training_jp
from app.content.models import Activity, Course, Module
from app.extensions import db
from app.learning.models import Completion, QuizAttempt
from app.mentoring.models import Milestone, Review, Submission, SubmissionVersion
from app.rounds.models import Attendance, ProgramCourse

# Weights of finished / midway / barely started / inactive participants, by round status.
PROFILES = ("finished", "midway", "barely", "inactive")
PROFILE_WEIGHTS = {"completed": (75, 13, 6, 6), "running": (30, 45, 15, 10),
                   "open": (0, 20, 40, 40)}
ATTENDANCE = {"finished": {"present": 90, "late": 10},
              "inactive": {"absent": 70, None: 30}}
USUAL_ATTENDANCE = {"present": 78, "late": 8, "excused": 6, "absent": 8}
PLAN_STATUSES = {"finished": {"endorsed": 70, "approved": 30},
                 "midway": {None: 20, "draft": 30, "submitted": 25, "revision_requested": 15,
                            "approved": 10},
                 "barely": {None: 50, "draft": 50}, "inactive": {None: 100}}
PLAN_TEXT = {"problem": "Layanan perizinan masih manual dan tersebar di banyak dinas.",
             "goals": "Seluruh izin usaha dapat diajukan daring dalam satu portal.",
             "stakeholders": "DPMPTSP, Diskominfo, Bappeda, pelaku usaha.",
             "outcome": "Waktu layanan turun dari 14 hari menjadi 3 hari."}


@dataclass
class Facts:
    """What the summary needs from the generated records."""
    lesson: tuple[str, str]
    verification_code: str | None = None


def people_for(rounds, people, size):
    """Each round's participants, one coach per `participants_per_coach` and one mentor (a
    regional official) per `participants_per_mentor`. `size.participants` people share the
    seats: each program's seats go to a run of people following the previous program's, so
    everyone takes two or three rounds and no program twice. A person lives where their
    first round is held."""
    rng = people.rng
    pool = [None] * size.participants
    order = list(range(size.participants))
    rng.shuffle(order)
    dealt, offset = {}, 0
    for program_index in sorted({r.program_index for r in rounds}):
        mine = [r for r in rounds if r.program_index == program_index]
        seats = sum(r.size for r in mine)
        chosen = [order[(offset + n) % len(order)] for n in range(seats)]
        offset += seats
        rng.shuffle(chosen)
        for round_ in mine:
            dealt[id(round_)], chosen = chosen[:round_.size], chosen[round_.size:]
    for round_ in rounds:
        coaches = [people.make("coach", roles=(("coach", None),), institution=rng.choice(
            ("Universitas Padjadjaran", "Institut Teknologi Bandung", "Universitas Indonesia",
             "Universitas Gadjah Mada")), position="Coach")
            for _n in range(math.ceil(round_.size / size.participants_per_coach))]
        mentors = [people.make("mentor", region=rng.choice(round_.regions),
                               roles=(("mentor", None),))
                   for _n in range(math.ceil(round_.size / size.participants_per_mentor))]
        for number in dealt[id(round_)]:
            if pool[number] is None:
                pool[number] = people.make("participant", region=rng.choice(round_.regions),
                                           roles=(("participant", None),))
        round_.participants = [
            (pool[number], coaches[position // size.participants_per_coach],
             mentors[position % len(mentors)])
            for position, number in enumerate(dealt[id(round_)])]


def _pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _journeys(rounds):
    """{program id: [(activity id, kind, course slug, activity slug)]} in journey order."""
    program_ids = {round_.cohort.program_id for round_ in rounds}
    journeys = {program_id: [] for program_id in program_ids}
    for program_id, *step in db.session.execute(
            select(ProgramCourse.program_id, Activity.id, Activity.kind, Course.slug,
                   Activity.slug)
            .join(Course, Course.id == ProgramCourse.course_id)
            .join(Activity, Activity.course_id == Course.id)
            .join(Module, Module.id == Activity.module_id)
            .where(ProgramCourse.program_id.in_(program_ids), Activity.archived_at.is_(None))
            .order_by(ProgramCourse.position, Module.position, Activity.position)):
        journeys[program_id].append(tuple(step))
    return journeys


def record(writer, rng, rounds, now):
    """Write every participant's records; return the Facts the summary needs."""
    journeys = _journeys(rounds)
    plans = []
    sequences = {}
    facts = None
    for round_ in rounds:
        cohort = round_.cohort
        steps = journeys[cohort.program_id]
        held = [s for s in round_.sessions if s.ends_at <= now]
        begins = min(now, _midnight(cohort.starts_on) - timedelta(days=14))
        ends = min(now, _midnight(cohort.ends_on))
        certify = _certifier(cohort, sequences) if cohort.status == "completed" else None
        for number, (enrollment_id, (person, coach, mentor)) in enumerate(
                zip(round_.enrollment_ids, round_.participants)):
            benchmark = facts is None and number == 0
            profile = "midway" if benchmark else rng.choices(
                PROFILES, weights=PROFILE_WEIGHTS[cohort.status])[0]
            done = _done_count(rng, profile, len(steps))
            _learning(writer, rng, enrollment_id, steps[:done], begins, ends, plans, coach)
            _attendance(writer, rng, enrollment_id, held, profile)
            plan = _pick(rng, PLAN_STATUSES[profile])
            if plan:
                plans.append(_plan(rng, enrollment_id, plan, coach, mentor, ends, cohort))
            if benchmark:
                lessons = [s for s in steps[:done] if s[1] == "lesson"] or steps[:1]
                facts = Facts(lesson=lessons[-1][2:])
            if certify and profile == "finished":
                code = certify(writer, enrollment_id, person)
                facts.verification_code = facts.verification_code or code
    _write_plans(writer, plans)
    writer.insert(CertificateSequence, [{"prefix": prefix, "last": last}
                                        for prefix, last in sequences.items()])
    return facts


def _midnight(day):
    return datetime.combine(day, datetime.min.time(), timezone.utc)


def _done_count(rng, profile, total):
    if profile == "finished" or total < 2:
        return total if profile != "inactive" else 0
    return {"midway": lambda: rng.randint(max(1, int(total * 0.5)), total - 1),
            "barely": lambda: rng.randint(1, max(1, int(total * 0.2))),
            "inactive": lambda: 0}[profile]()


def _ended_attempt(enrollment_id, activity_id, number, score, at):
    return {"enrollment_id": enrollment_id, "activity_id": activity_id, "number": number,
            "status": "submitted", "answers": {}, "score": score, "passed": score >= 70,
            "started_at": at - timedelta(minutes=10), "submitted_at": at}


def _learning(writer, rng, enrollment_id, steps, begins, ends, plans, coach):
    span = (ends - begins) / (len(steps) + 1)
    for position, (activity_id, kind, _course, _slug) in enumerate(steps, start=1):
        at = begins + span * position
        score = None
        if kind == "quiz":
            score = rng.randint(70, 100)
            number = 1
            if rng.random() < 0.2:
                writer.add(QuizAttempt, _ended_attempt(enrollment_id, activity_id, number,
                                                       rng.randint(30, 69),
                                                       at - timedelta(hours=1)))
                number += 1
            writer.add(QuizAttempt, _ended_attempt(enrollment_id, activity_id, number, score, at))
        elif kind == "assignment":
            plans.append({"row": {"enrollment_id": enrollment_id, "activity_id": activity_id,
                                  "kind": "assignment", "status": "approved",
                                  "content": {"answer": PLAN_TEXT["problem"]},
                                  "created_at": at, "updated_at": at, "submitted_at": at},
                          "reviews": [(1, "approved", coach.id)], "milestones": ()})
        writer.add(Completion, {"enrollment_id": enrollment_id, "activity_id": activity_id,
                                "completed_at": at, "score": score,
                                "recorded_by_id": coach.id if kind == "assignment" else None})


def _attendance(writer, rng, enrollment_id, held, profile):
    weights = ATTENDANCE.get(profile, USUAL_ATTENDANCE)
    for session in held:
        status = _pick(rng, weights)
        if status:
            writer.add(Attendance, {"session_id": session.id, "enrollment_id": enrollment_id,
                                    "status": status, "recorded_at": session.ends_at,
                                    "self_checked_in": status == "present" and
                                    rng.random() < 0.5})


def _plan(rng, enrollment_id, status, coach, mentor, ends, cohort):
    """An action plan in `status`, with the versions and reviews that led there."""
    milestones = [{"title": f"Tahap {n}: uji coba layanan daring", "status": "planned",
                   "due_on": (cohort.ends_on + timedelta(days=30 * n)).isoformat()}
                  for n in (1, 2, 3)]
    reviews = []
    if status in ("revision_requested", "approved", "endorsed") and rng.random() < 0.4:
        reviews.append((1, "revision_requested", coach.id))
    if status in ("approved", "endorsed"):
        reviews.append((len(reviews) + 1, "approved", coach.id))
    if status == "endorsed":
        reviews.append((reviews[-1][0], "endorsed", mentor.id))
    versions = reviews[-1][0] if reviews else int(status == "submitted")
    return {"row": {"enrollment_id": enrollment_id, "activity_id": None, "kind": "action_plan",
                    "status": status, "content": {**PLAN_TEXT, "milestones": milestones},
                    "created_at": ends - timedelta(days=5), "updated_at": ends,
                    "submitted_at": ends if versions else None},
            "versions": versions, "reviews": reviews,
            "milestones": milestones if status in ("approved", "endorsed") else ()}


def _write_plans(writer, plans):
    ids = writer.insert(Submission, [plan["row"] for plan in plans], returning=True)
    versions = [(submission_id, plan, number) for submission_id, plan in zip(ids, plans)
                for number in range(1, plan.get("versions", 1) + 1)]
    version_ids = writer.insert(SubmissionVersion, [
        {"submission_id": submission_id, "number": number, "content": plan["row"]["content"],
         "submitted_at": plan["row"]["submitted_at"]}
        for submission_id, plan, number in versions], returning=True)
    version_of = {(v[0], v[2]): version_id for v, version_id in zip(versions, version_ids)}
    for submission_id, plan in zip(ids, plans):
        for number, decision, reviewer_id in plan["reviews"]:
            writer.add(Review, {"submission_id": submission_id, "reviewer_id": reviewer_id,
                                "version_id": version_of[(submission_id, number)],
                                "decision": decision, "created_at": plan["row"]["updated_at"],
                                "comments": "Mohon pertajam indikator keberhasilan."
                                if decision == "revision_requested" else ""})
        for position, milestone in enumerate(plan["milestones"], start=1):
            writer.add(Milestone, {"submission_id": submission_id, "position": position,
                                   "title": milestone["title"], "status": "planned",
                                   "due_on": date.fromisoformat(milestone["due_on"])})
    writer.flush()


def _certifier(cohort, sequences):
    """A function that issues a certificate of this completed round as `_issue` would, with
    the next number of the program's sequence and no PDF: rendering 5,000 PDFs would take
    longer than everything else, and the download answers 404 for a certificate without one."""
    program = cohort.program
    issued_on = cohort.ends_on + timedelta(days=3)
    prefix = numbering.prefix_for(program, issued_on.year)
    common = {
        "program_title": program.title, "qualification": program.certificate_qualification,
        "cohort_name": cohort.name, "cohort_starts_on": cohort.starts_on,
        "cohort_ends_on": cohort.ends_on, "cohort_place": cohort.place,
        "organisation_name": program.organisation.name, "jp": training_jp(cohort),
        "issued_on": issued_on, "languages": LANGUAGES,
        "signatories": [{"name": s.name, "title": s.title, "nip": s.nip,
                         "institution": s.institution} for s in db.session.scalars(
            select(Signatory).filter_by(program_id=program.id).order_by(Signatory.position))]}

    def certify(writer, enrollment_id, person):
        sequences[prefix] = sequences.get(prefix, 0) + 1
        code = secrets.token_urlsafe(32)
        writer.add(Certificate, {
            **common, "enrollment_id": enrollment_id, "verification_code": code,
            "number": numbering.format_number(prefix, sequences[prefix]),
            "holder_name": person.name, "holder_nip": person.nip,
            "holder_position": person.position, "holder_institution": person.institution})
        return code
    return certify
