"""`flask seed demo`: a small, realistic installation to try Madangan on, dated from the day
it is seeded (see app/demo/rounds.py), so it shows work to do whenever a newcomer runs it."""
import secrets

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app import clock
from app.auth.passwords import hash_password
from app.benchmarking.frameworks import framework_folders, load_framework, sync_framework
from app.benchmarking.services import framework_by_slug, record_published_scores
from app.certificates.models import Signatory
from app.content.loader import load_content
from app.content.models import Course
from app.courses.sync import sync_courses
from app.demo.cast import alumni, demo_accounts, regional_participants
from app.demo.rounds import finished_round, running_round, upcoming_workshop
from app.extensions import db
from app.organisations.models import Organisation
from app.regions.services import load_regions
from app.rounds.models import Program
from app.rounds.queries import program_courses
from app.rounds.services import set_program_courses

seed_cli = AppGroup("seed", help="Load data to try the application with.")

LEADERSHIP_COURSES = (
    "digital-platform-government",
    "change-management-government-innovation",
    "digital-leadership-governance",
    "good-practices-digital-transformation",
)


def _get_or_create(model, lookup, **values):
    instance = db.session.scalar(select(model).filter_by(**lookup))
    if instance is None:
        instance = model(**lookup, **values)
        db.session.add(instance)
        db.session.flush()
    return instance


def _programs(organisation, courses):
    """The leadership program, with its completion rules and signatory, and the Living Lab
    workshop."""
    leadership = _get_or_create(
        Program, {"organisation_id": organisation.id, "slug": "digital-leadership"},
        title="Digital Leadership for Regional Government",
        description="A capacity-building week for regional secretaries and heads of agencies: "
                    "digital platform government, change management, digital leadership and "
                    "good practices, closed by an action plan for the participant's own region.")
    living_lab = _get_or_create(
        Program, {"organisation_id": organisation.id, "slug": "living-lab-spbe"},
        title="Lokakarya Living Lab SPBE",
        description="Lokakarya satu hari: penilaian mandiri SPBE, pembandingan dengan daerah "
                    "sejawat, dan penyusunan rencana aksi.")
    if not program_courses(leadership.id):
        set_program_courses(leadership, [courses[s] for s in LEADERSHIP_COURSES])
    if not program_courses(living_lab.id):
        set_program_courses(living_lab, [courses["lokakarya-living-lab-spbe"]])
    leadership.min_quiz_score, leadership.min_attendance_percent = 70, 80
    leadership.requires_action_plan = True
    # A leadership certificate is issued by the organiser once the round closes.
    leadership.certificate_needs_approval = True
    leadership.certificate_qualification = "Pelatihan Kepemimpinan Digital Pemerintah Daerah"
    if db.session.scalar(select(Signatory.id).filter_by(program_id=leadership.id)) is None:
        db.session.add(Signatory(program_id=leadership.id, position=1,
                                 name="Dr. Ratna Kusumawardani, M.Si.",
                                 title="Kepala Badan Pengembangan Sumber Daya Manusia",
                                 nip="197004121995032001",
                                 institution="Pemerintah Daerah Provinsi Jawa Barat"))
    db.session.flush()
    return leadership, living_lab


def seed_demo(password):
    """Create the demo organisation, programs, rounds and people, with their history up to
    now; safe to run again (what exists is kept, dated from the first run).

    Every demo account gets `password`, so the printed password always works.
    """
    now, password_hash = clock.now(), hash_password(password)
    load_regions()
    for folder in framework_folders():
        sync_framework(load_framework(folder))
    record_published_scores(framework_by_slug("spbe-2020"))
    sync_courses(load_content(current_app.config["CONTENT_DIR"]))
    courses = {c.slug: c for c in db.session.scalars(select(Course))}
    jabar = _get_or_create(Organisation, {"slug": "bpsdm-jabar"},
                           name="Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Barat",
                           short_name="BPSDM Jabar", region_code="32")
    leadership, living_lab = _programs(jabar, courses)
    people = demo_accounts(jabar, password_hash)
    finished_round(leadership, people, lambda: alumni(password_hash), now)
    running_round(leadership, people, lambda: regional_participants(password_hash), now)
    upcoming_workshop(living_lab, people["participant"])
    return people


@seed_cli.command("demo")
@click.option("--password", default=None,
              help="Password for the demo accounts (generated and printed when not given).")
def demo(password):
    """Load the demo organisation, programs, rounds and one account per role."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    people = seed_demo(password)
    db.session.commit()
    click.echo("Demo data is ready. Accounts:")
    for key, user in people.items():
        click.echo(f"  {user.email:34} {', '.join(sorted(user.roles))}")
    if generated:
        click.echo(f"Password of every demo account: {password}")
