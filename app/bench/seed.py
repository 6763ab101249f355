"""`seed(size)`: a province's or the whole country's training records, generated in bulk and
deterministically, so pages and queries can be measured at the scale they will meet."""
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from flask import current_app
from sqlalchemy import select, text

from app import clock
from app.auth.passwords import hash_password
from app.bench import progress as learning
from app.bench.people import People
from app.bench.scores import seed_scores
from app.bench.writer import BatchWriter
from app.benchmarking.frameworks import framework_folders, load_framework, sync_framework
from app.certificates.models import Signatory
from app.content.loader import load_content
from app.content.models import Course
from app.courses.sync import sync_courses
from app.demo import LEADERSHIP_COURSES
from app.errors import DomainError
from app.extensions import db
from app.organisations.models import Organisation
from app.regions.models import Region
from app.regions.services import load_regions
from app.rounds.models import Cohort, CohortSession, Enrollment, Program
from app.rounds.schedule import new_checkin_code
from app.rounds.services import set_program_courses

RANDOM_SEED = 20261123
SLUG_PREFIX = "bench-"
FIRST_PROVINCE = "32"   # Jawa Barat: size S is the province the demo comes from
LIVING_LAB = "lokakarya-living-lab-spbe"
# Every civil servant takes a round of several of these over the years, never one twice.
PROGRAMS = (
    ("kepemimpinan-digital", "Kepemimpinan Digital Pemerintah Daerah", LEADERSHIP_COURSES),
    ("transformasi-spbe", "Transformasi Digital dan SPBE",
     LEADERSHIP_COURSES + (LIVING_LAB,)),
    ("kurikulum-nasional", "Kurikulum Nasional Transformasi Digital",
     (LIVING_LAB,) + LEADERSHIP_COURSES),
)
# How many cohorts are finished, under way or taking registrations: a national program
# has run for years, so most of its rounds are over.
COHORT_STATUSES = {"completed": 68, "running": 24, "open": 8}
ROUND_DAYS = 25
# Participants per round: classical rounds in a training centre, e-learning rounds online.
ROUND_SIZES = {"classical": (50, 150), "elearning": (300, 800)}


class AlreadySeeded(DomainError):
    """Generated data is in the database already; a second run would duplicate it."""


@dataclass(frozen=True)
class Size:
    """How much to generate; `provinces=0` means every province."""
    name: str
    provinces: int
    organisations: int
    programs_per_organisation: int
    cohorts: int
    participants: int
    benchmark_cohort_size: int = 150
    participants_per_coach: int = 25
    participants_per_mentor: int = 10
    rounds_per_participant: float = 2.8    # each person in 2 or 3 rounds of different programs
    elearning_share: float = 0.4           # of the rounds, e-learning ones
    score_years: tuple[int, ...] = (2021, 2022, 2023, 2024)
    batch_size: int = 10_000


SIZES = {
    "S": Size("S", provinces=1, organisations=1, programs_per_organisation=3, cohorts=10,
              participants=1_000),
    "M": Size("M", provinces=5, organisations=5, programs_per_organisation=3, cohorts=50,
              participants=5_000),
    "L": Size("L", provinces=0, organisations=38, programs_per_organisation=3, cohorts=200,
              participants=20_000),
}


@dataclass
class Summary:
    """What an HTTP benchmark needs to sign in and which pages to ask for."""
    size: str
    password: str
    participant_email: str
    coach_email: str
    organiser_email: str
    admin_email: str
    cohort_id: int
    cohort_participants: int
    journey_path: str
    lesson_path: str
    dashboard_path: str
    verification_code: str | None
    region_code: str
    benchmark_path: str
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Round:
    """One generated cohort and what was generated for it."""
    cohort: Cohort
    organisation: Organisation
    regions: list
    size: int
    program_index: int = 0
    sessions: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    enrollment_ids: list = field(default_factory=list)


def seed(size, *, password, commit=True, progress=None, today=None):
    """Generate `size` worth of organisations, rounds, people and their records; return the
    Summary. Refuses when generated data is there already. The same `today` gives the same
    data, apart from secrets (verification and check-in codes, calendar tokens)."""
    started = time.perf_counter()
    if db.session.scalar(select(Organisation.id).where(
            Organisation.slug.startswith(SLUG_PREFIX))) is not None:
        # An operator's message, like the rest of the CLI's output: not translated.
        raise AlreadySeeded("Benchmark data is already loaded; use a fresh database.")
    today = today or clock.today()
    now = clock.now() if today == clock.today() else datetime.combine(
        today, datetime.min.time(), timezone.utc)
    rng = random.Random(RANDOM_SEED)
    writer = BatchWriter(batch_size=size.batch_size, commit=commit, progress=progress)
    courses = _reference_data()
    provinces, regencies = _regions(size)
    people = People(rng, db.session)
    organisations, programs = _organisations(size, provinces, courses)
    admin = people.make("admin", roles=(("admin", None),), position="Administrator Sistem",
                        nip=False)
    region_of = {province.code: province for province in provinces}
    organisers = [people.make("organiser", region=region_of[o.region_code],
                              roles=(("organiser", o.id),))
                  for o in organisations for _n in range(2)]
    rounds = _rounds(size, rng, organisations, programs, regencies, today)
    _finish_setup(writer)
    _sessions(rounds, rng)
    learning.people_for(rounds, people, size)
    people.insert(writer, hash_password(password))
    _enroll(writer, rounds, today)
    facts = learning.record(writer, rng, rounds, now)
    seed_scores(writer, rng, [r for rs in regencies.values() for r in rs], size.score_years)
    writer.flush()
    _finish_setup(writer)
    if commit:
        # Fresh statistics, as PostgreSQL's autovacuum keeps them in production: without
        # them SQLite's planner guesses, and one of its guesses made a dashboard 30× slower.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    summary = _summary(size, password, rounds, facts, admin, organisers)
    summary.counts = dict(writer.counts)
    summary.seconds = round(time.perf_counter() - started, 1)
    return summary


def _finish_setup(writer):
    if writer.commit:
        db.session.commit()
    else:
        db.session.flush()


def _reference_data():
    """The regions, the SPBE framework and the courses of content/, synced as the demo does."""
    load_regions()
    for folder in framework_folders():
        sync_framework(load_framework(folder))
    sync_courses(load_content(current_app.config["CONTENT_DIR"]))
    return {course.slug: course for course in db.session.scalars(select(Course))}


def _regions(size):
    """The chosen provinces (Jawa Barat first) and their regencies and cities."""
    all_regions = db.session.scalars(select(Region).order_by(Region.code)).all()
    provinces = sorted((r for r in all_regions if r.is_province),
                       key=lambda r: (r.code != FIRST_PROVINCE, r.code))
    provinces = provinces[:size.provinces] if size.provinces else provinces
    codes = {p.code for p in provinces}
    regencies = {p.code: [] for p in provinces}
    for region in all_regions:
        if not region.is_province and region.province_code in codes:
            regencies[region.province_code].append(region)
    return [p for p in provinces if regencies[p.code]], regencies


def _organisations(size, provinces, courses):
    """One training agency per province (cycling when there are more), each with its
    programs, completion rules and a signatory."""
    organisations, programs = [], {}
    for number in range(size.organisations):
        province = provinces[number % len(provinces)]
        organisation = Organisation(
            slug=f"{SLUG_PREFIX}{number + 1:02d}", region_code=province.code,
            name=f"Badan Pengembangan SDM {province.name} ({number + 1})",
            short_name=f"BPSDM {province.name}"[:60])
        db.session.add(organisation)
        db.session.flush()
        organisations.append(organisation)
        programs[organisation.id] = []
        for slug, title, course_slugs in PROGRAMS[:size.programs_per_organisation]:
            program = Program(
                organisation_id=organisation.id, slug=slug, title=title,
                description="Generated for performance measurements.", min_quiz_score=70,
                min_attendance_percent=80, requires_action_plan=True,
                certificate_qualification=title)
            db.session.add(program)
            db.session.flush()
            set_program_courses(program, [courses[s] for s in course_slugs])
            db.session.add(Signatory(
                program_id=program.id, position=1, name="Dr. Ratna Kusumawardani, M.Si.",
                title="Kepala Badan Pengembangan Sumber Daya Manusia",
                nip="197004121995032001", institution=organisation.name))
            programs[organisation.id].append(program)
    db.session.flush()
    return organisations, programs


def _round_plan(size, rng):
    """[(participants, delivery mode, program index)] per cohort: the benchmark cohort first
    (classical, of the first program), then classical rounds of 50–150 and e-learning rounds
    of 300–800 in proportion, seating every participant `rounds_per_participant` times. The
    programs share the seats evenly, none with more seats than there are participants, so
    nobody has to take a program twice."""
    people = size.participants
    seats = round(people * size.rounds_per_participant)
    first = min(size.benchmark_cohort_size, people // max(size.cohorts, 1) * 2, people)
    others = size.cohorts - 1
    elearning = round(others * size.elearning_share)
    modes = ["elearning"] * elearning + ["classical"] * (others - elearning)
    rng.shuffle(modes)
    weights = [rng.randint(*ROUND_SIZES[mode]) for mode in modes]
    rest = seats - first
    sizes = [min(people, max(1, rest * w // sum(weights))) for w in weights]
    programs = min(size.programs_per_organisation, len(PROGRAMS))
    load = [0] * programs
    load[0] = first
    program_of = {}
    for number in sorted(range(others), key=lambda n: -sizes[n]):
        index = min(range(programs), key=lambda p: (load[p], p))
        program_of[number] = index
        load[index] += sizes[number]
    for index in range(programs):   # only when rounds are too big for so few people
        if load[index] > people:
            mine = [n for n in range(others) if program_of[n] == index]
            room = people - (first if index == 0 else 0)
            total = sum(sizes[n] for n in mine)
            for n in mine:
                sizes[n] = max(1, sizes[n] * room // total)
    return [(first, "classical", 0)] + [
        (sizes[n], modes[n], program_of[n]) for n in range(others)]


def _rounds(size, rng, organisations, programs, regencies, today):
    """The cohorts: the first is the benchmark cohort, running and half-way through.
    Classical rounds take in their organisation's province, e-learning rounds the country."""
    rounds, numbers = [], {}
    everywhere = [r for rs in regencies.values() for r in rs]
    for index, (participants, mode, program_index) in enumerate(_round_plan(size, rng)):
        organisation = organisations[index % len(organisations)]
        program = programs[organisation.id][program_index]
        status = "running" if index == 0 else rng.choices(
            list(COHORT_STATUSES), weights=list(COHORT_STATUSES.values()))[0]
        starts_on = today + timedelta(days={"completed": -rng.randint(40, 320),
                                            "running": -rng.randint(3, 20),
                                            "open": rng.randint(7, 60)}[status])
        if index == 0:
            starts_on = today - timedelta(days=12)
        numbers[program.id] = numbers.get(program.id, 0) + 1
        online = mode == "elearning"
        cohort = Cohort(
            program_id=program.id,
            name=f"{'Kelas Daring' if online else 'Angkatan'} {numbers[program.id]} "
                 f"{starts_on.year}",
            starts_on=starts_on, ends_on=starts_on + timedelta(days=ROUND_DAYS),
            place="Daring" if online else f"{organisation.short_name}", online=online,
            delivery_mode=mode, capacity=max(participants, 1) + 10, status=status)
        cohort.program = program
        db.session.add(cohort)
        rounds.append(Round(cohort, organisation,
                            everywhere if online else regencies[organisation.region_code],
                            participants, program_index=program_index))
    db.session.flush()
    return rounds


def _sessions(rounds, rng):
    """Four to eight sessions per round, spread over its weeks, 08:00 in Jakarta."""
    for round_ in rounds:
        count = rng.randint(4, 8)
        for number in range(count):
            day = round(number * (ROUND_DAYS - 1) / (count - 1))
            starts_at = datetime.combine(round_.cohort.starts_on + timedelta(days=day),
                                         datetime.min.time(), timezone.utc) + timedelta(hours=1)
            round_.sessions.append(CohortSession(
                cohort_id=round_.cohort.id, kind=rng.choice(("lecture", "lecture", "forum",
                                                             "site_visit", "coaching_clinic")),
                title=f"Sesi {number + 1}", starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3), place=round_.cohort.place,
                jp=Decimal(rng.choice((2, 3, 4))), checkin_code=new_checkin_code()))
        db.session.add_all(round_.sessions)
    db.session.flush()


def _enroll(writer, rounds, today):
    """Participants with their coach and mentor, and the guides themselves, per round."""
    for round_ in rounds:
        enrolled_at = datetime.combine(round_.cohort.starts_on - timedelta(days=14),
                                       datetime.min.time(), timezone.utc)
        rows = [{"cohort_id": round_.cohort.id, "user_id": person.id, "role": "participant",
                 "coach_id": coach.id, "mentor_id": mentor.id, "enrolled_at": enrolled_at}
                for person, coach, mentor in round_.participants]
        round_.enrollment_ids = writer.insert(Enrollment, rows, returning=True)
        guides = {(coach.id, "coach") for _p, coach, _m in round_.participants} | {
            (mentor.id, "mentor") for _p, _c, mentor in round_.participants}
        writer.insert(Enrollment, [
            {"cohort_id": round_.cohort.id, "user_id": user_id, "role": role,
             "enrolled_at": enrolled_at} for user_id, role in sorted(guides)])


def _summary(size, password, rounds, facts, admin, organisers):
    benchmark = rounds[0]
    participant, coach, _mentor = benchmark.participants[0]
    cohort_id = benchmark.cohort.id
    return Summary(
        size=size.name, password=password, participant_email=participant.email,
        coach_email=coach.email, organiser_email=organisers[0].email, admin_email=admin.email,
        cohort_id=cohort_id, cohort_participants=len(benchmark.participants),
        journey_path=f"/journey/{cohort_id}",
        lesson_path=f"/journey/{cohort_id}/{facts.lesson[0]}/{facts.lesson[1]}",
        dashboard_path=f"/manage/cohorts/{cohort_id}/dashboard",
        verification_code=facts.verification_code, region_code=participant.region_code,
        benchmark_path=f"/benchmark/regions/{participant.region_code}")
