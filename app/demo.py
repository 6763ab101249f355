"""`flask seed demo`: a small, realistic installation to try Madangan on."""
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth import services as accounts
from app.auth.models import User
from app.auth.passwords import hash_password
from app.benchmarking.frameworks import framework_folders, load_framework, sync_framework
from app.benchmarking.services import framework_by_slug, load_regions, record_published_scores
from app.certificates.models import Signatory
from app.cohorts import services as cohorts
from app.cohorts.models import Attendance, Cohort, CohortSession, Enrollment, Organisation
from app.cohorts.models import Program
from app.cohorts.schedule import new_checkin_code
from app.courses import queries
from app.courses.content import load_content
from app.courses.models import Course
from app.courses.services import record_completion
from app.courses.sync import sync_courses
from app.extensions import db

seed_cli = AppGroup("seed", help="Load data to try the application with.")

DEMO_DOMAIN = "madangan.example"
LEADERSHIP_COURSES = (
    "digital-platform-government",
    "change-management-government-innovation",
    "digital-leadership-governance",
    "good-practices-digital-transformation",
)
PEOPLE = (
    # key, name, roles, position, institution, region code, NIP
    ("admin", "Admin Madangan", ("admin",), "Administrator Sistem",
     "BPSDM Provinsi Jawa Barat", "32", None),
    ("organiser", "Rina Kartika", ("organiser",), "Widyaiswara Ahli Madya",
     "BPSDM Provinsi Jawa Barat", "32", "198203142006042011"),
    ("coach", "Dr. Hendra Wiguna", ("coach",), "Coach, Program Studi Administrasi Publik",
     "Universitas Padjadjaran", "32.73", None),
    ("mentor", "Asep Saepudin", ("mentor",), "Asisten Pemerintahan dan Kesejahteraan Rakyat",
     "Sekretariat Daerah Kabupaten Sumedang", "32.11", "197505212000031004"),
    ("participant", "Dewi Lestari", ("participant",), "Sekretaris Daerah",
     "Pemerintah Kabupaten Sumedang", "32.11", "197811052003122002"),
    ("participant2", "Yusuf Maulana", ("participant",), "Kepala Dinas Komunikasi dan Informatika",
     "Pemerintah Kota Tasikmalaya", "32.78", "198001172005011003"),
)

# The first round's agenda: day of the round (0 = first), local start, hours, kind, title, JP.
AGENDA = (
    (0, "08:00", 3, "lecture", "Pembukaan dan kuliah umum: pemerintahan berbasis platform", 4),
    (1, "08:00", 3, "lecture", "Manajemen perubahan di pemerintah daerah", 4),
    (3, "09:00", 6, "site_visit", "Kunjungan ke Digital Services Living Lab, Sumedang", 6),
    (7, "13:00", 2, "coaching_clinic", "Klinik coaching: merumuskan rencana aksi", 2),
    (14, "08:00", 3, "forum", "Forum berbagi praktik baik transformasi digital", 4),
    (24, "08:00", 4, "forum", "Seminar rencana aksi dan penutupan", 4),
)
# Regencies and cities of West Java that the other demo participants come from.
DEMO_REGIONS = ("32.01", "32.04", "32.05", "32.07", "32.10", "32.12", "32.14", "32.15",
                "32.16", "32.17", "32.71", "32.72", "32.75", "32.76", "32.77", "32.79")
GIVEN_NAMES = ("Agus", "Ani", "Bambang", "Citra", "Dadang", "Endang", "Fitri", "Gilang",
               "Hesti", "Iwan", "Kurnia", "Lina", "Mulyadi", "Nining", "Oman", "Rika")
FAMILY_NAMES = ("Suryana", "Rahmawati", "Hidayat", "Permana", "Nurhayati", "Setiawan",
                "Kusumah", "Gunawan")


def _get_or_create(model, lookup, **values):
    instance = db.session.scalar(select(model).filter_by(**lookup))
    if instance is None:
        instance = model(**lookup, **values)
        db.session.add(instance)
        db.session.flush()
    return instance


def seed_demo(password):
    """Create the demo organisation, programs, cohorts, people and some progress; idempotent.

    Every demo account gets `password`, so the printed password always works.
    """
    load_regions()
    for folder in framework_folders():
        sync_framework(load_framework(folder))
    record_published_scores(framework_by_slug("spbe-2020"))
    sync_courses(load_content(current_app.config["CONTENT_DIR"]))
    courses = {c.slug: c for c in db.session.scalars(select(Course))}
    jabar = _get_or_create(Organisation, {"slug": "bpsdm-jabar"},
                           name="Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Barat",
                           short_name="BPSDM Jabar", region_code="32")
    leadership = _get_or_create(
        Program, {"organisation_id": jabar.id, "slug": "digital-leadership"},
        title="Digital Leadership for Regional Government",
        description="A capacity-building week for regional secretaries and heads of agencies: "
                    "digital platform government, change management, digital leadership and "
                    "good practices, closed by an action plan for the participant's own region.")
    living_lab = _get_or_create(
        Program, {"organisation_id": jabar.id, "slug": "living-lab-spbe"},
        title="Lokakarya Living Lab SPBE",
        description="Lokakarya satu hari: penilaian mandiri SPBE, pembandingan dengan daerah "
                    "sejawat, dan penyusunan rencana aksi.")
    if not queries.program_courses(leadership.id):
        cohorts.set_program_courses(leadership, [courses[s] for s in LEADERSHIP_COURSES])
    if not queries.program_courses(living_lab.id):
        cohorts.set_program_courses(living_lab, [courses["lokakarya-living-lab-spbe"]])
    round_one = _get_or_create(Cohort, {"program_id": leadership.id, "name": "Angkatan I 2026"},
                               starts_on=date(2026, 11, 16), ends_on=date(2026, 12, 11),
                               place="BPSDM Jawa Barat, Cimahi", capacity=30, status="running")
    workshop = _get_or_create(Cohort, {"program_id": living_lab.id,
                                       "name": "Lokakarya Sumedang 2026"},
                              starts_on=date(2026, 12, 3), ends_on=date(2026, 12, 3),
                              place="Gedung Negara, Sumedang", capacity=60, status="open")

    people = {}
    for key, name, roles, position, institution, region, nip in PEOPLE:
        email = f"{key}@{DEMO_DOMAIN}"
        user = accounts.find_user_by_email(email)
        if user is None:
            user = accounts.create_user(email=email, name=name, password=password, roles=roles,
                                        organisation=jabar, nip=nip, position=position,
                                        institution=institution, region_code=region)
        else:
            user.password_hash = hash_password(password)
        people[key] = user
    for key, role in (("coach", "coach"), ("mentor", "mentor"), ("participant", "participant"),
                      ("participant2", "participant")):
        if db.session.scalar(select(Enrollment).filter_by(cohort_id=round_one.id,
                                                          user_id=people[key].id)) is None:
            cohorts.enroll(round_one, people[key], role, actor=None)
    if db.session.scalar(select(Enrollment).filter_by(cohort_id=workshop.id,
                                                      user_id=people["participant"].id)) is None:
        cohorts.enroll(workshop, people["participant"], actor=None)

    leadership.min_quiz_score, leadership.min_attendance_percent = 70, 80
    leadership.requires_action_plan = True
    leadership.certificate_qualification = "Pelatihan Kepemimpinan Digital Pemerintah Daerah"
    if db.session.scalar(select(Signatory.id).filter_by(program_id=leadership.id)) is None:
        # Fictional officials: the demo names no real person.
        db.session.add(Signatory(program_id=leadership.id, position=1,
                                 name="Dr. Ratna Kusumawardani, M.Si.",
                                 title="Kepala Badan Pengembangan Sumber Daya Manusia",
                                 nip="197004121995032001",
                                 institution="Pemerintah Daerah Provinsi Jawa Barat"))
    for index, region in enumerate(DEMO_REGIONS):
        email = f"peserta{index + 1:02d}@{DEMO_DOMAIN}"
        user = accounts.find_user_by_email(email) or accounts.create_user(
            email=email, name=f"{GIVEN_NAMES[index]} {FAMILY_NAMES[index % 8]}",
            password=password, roles=("participant",), position="Kepala Bagian Organisasi",
            institution="Sekretariat Daerah", region_code=region)
        if db.session.scalar(select(Enrollment).filter_by(cohort_id=round_one.id,
                                                          user_id=user.id)) is None:
            cohorts.enroll(round_one, user, actor=None)
            _record_some_progress(round_one, user, lessons=(index * 5) % 17)
    _plan_agenda(round_one)
    _assign_guides(round_one, people["coach"], people["mentor"])

    _record_some_progress(round_one, people["participant"], lessons=3)
    _record_some_progress(round_one, people["participant2"], lessons=1)
    return people


def _assign_guides(cohort, coach, mentor):
    """The demo coach guides every participant of the round; the demo mentor, a Sumedang
    official, mentors the participants from Sumedang."""
    for enrollment in db.session.scalars(select(Enrollment).filter_by(
            cohort_id=cohort.id, role="participant")):
        enrollment.coach_id = enrollment.coach_id or coach.id
    db.session.flush()
    for enrollment in db.session.scalars(
            select(Enrollment).join(User, User.id == Enrollment.user_id)
            .where(Enrollment.cohort_id == cohort.id, Enrollment.role == "participant",
                   User.region_code == mentor.region_code)):
        enrollment.mentor_id = enrollment.mentor_id or mentor.id
    db.session.flush()


def _plan_agenda(cohort):
    """Schedule the round's sessions once, and mark who attended those already held."""
    if db.session.scalar(select(CohortSession.id).filter_by(cohort_id=cohort.id)):
        return
    jakarta = ZoneInfo("Asia/Jakarta")
    sessions = []
    for day, start, hours, kind, title, jp in AGENDA:
        starts_at = datetime.combine(cohort.starts_on + timedelta(days=day),
                                     datetime.strptime(start, "%H:%M").time(), jakarta)
        sessions.append(CohortSession(
            cohort_id=cohort.id, kind=kind, title=title, starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours), place=cohort.place, jp=Decimal(jp),
            checkin_code=new_checkin_code()))
    db.session.add_all(sessions)
    db.session.flush()
    participants = db.session.scalars(select(Enrollment.id).filter_by(
        cohort_id=cohort.id, role="participant").order_by(Enrollment.id)).all()
    for number, session in enumerate(sessions[:3]):
        for position, enrollment_id in enumerate(participants):
            db.session.add(Attendance(session_id=session.id, enrollment_id=enrollment_id,
                                      status=_attendance_status(position, number)))
    db.session.flush()


def _attendance_status(position, session_number):
    """The two named participants, enrolled first, came to every session, so their pages show
    JP earned; of the others, one in seven missed them all and the rest mostly came."""
    if position < 2:
        return "present"
    if position % 7 == 0:
        return "absent"
    return ("present", "present", "present", "late", "excused")[(position + session_number) % 5]


def _record_some_progress(cohort, user, lessons):
    enrollment = db.session.scalar(select(Enrollment).filter_by(cohort_id=cohort.id,
                                                                user_id=user.id))
    journey = queries.build_journey(enrollment)
    steps = [step for jc in journey.courses for jm in jc.modules for step in jm.steps
             if step.activity.kind == "lesson"]
    for step in steps[:lessons]:
        record_completion(enrollment, step.activity)


@seed_cli.command("demo")
@click.option("--password", default=None,
              help="Password for the demo accounts (generated and printed when not given).")
def demo(password):
    """Load the demo organisation, program, cohorts and one account per role."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    people = seed_demo(password)
    db.session.commit()
    click.echo("Demo data is ready. Accounts:")
    for key, user in people.items():
        click.echo(f"  {user.email:34} {', '.join(sorted(user.roles))}")
    if generated:
        click.echo(f"Password of every demo account: {password}")
