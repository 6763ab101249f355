"""Benchmark bulk certificate issuance: certificates per second through the real bulk run,
bare WeasyPrint documents per second with reused CSS and fonts, and peak memory growth.

Run: .venv/bin/python bench/certificates.py [--count 200]
Writes the figures, with the machine, into BENCHMARKS.md under "Certificates".
"""
import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date

from common import ROOT, machine, max_rss_mib, measured_at, table, write_section


def seed(count):
    """A cohort of `count` participants who completed its one course; returns its id."""
    from sqlalchemy import select

    from app.auth import services as accounts
    from app.enrolment.services import enroll
    from app.rounds.models import Cohort, Enrollment, Program
    from app.organisations.models import Organisation
    from app.content.models import Activity, Course
    from app.learning.models import Completion
    from app.rounds.services import set_program_courses
    from app.courses.sync import sync_courses
    from app.extensions import db
    from tests.factories import course_source

    sync_courses([course_source("platforms", lessons=2)])
    organisation = Organisation(slug="bpsdm-jabar", name="BPSDM Provinsi Jawa Barat",
                                short_name="BPSDM Jabar")
    program = Program(organisation=organisation, slug="digital", title="Digital Leadership",
                      certificate_qualification="Pemimpin Digital")
    db.session.add(program)
    db.session.flush()
    set_program_courses(program, db.session.scalars(select(Course)).all())
    cohort = Cohort(program=program, name="Angkatan I", starts_on=date(2026, 11, 16),
                    ends_on=date(2026, 12, 11), place="Bandung", status="running")
    db.session.add(cohort)
    db.session.flush()
    activities = db.session.scalars(select(Activity)).all()
    for n in range(count):
        user = accounts.create_user(
            roles=("participant",), organisation=None, email=f"p{n}@bench.example",
            name=f"Peserta Nomor {n + 1}", password="bench password only",
            nip=f"19870101201001{n % 10000:04}", position="Analis Kebijakan",
            institution="Diskominfo Provinsi Jawa Barat")
        enroll(cohort, user, actor=None)
        enrollment = db.session.scalar(select(Enrollment).filter_by(user_id=user.id))
        db.session.add_all(Completion(enrollment_id=enrollment.id, activity_id=activity.id,
                                      score=100 if activity.kind == "quiz" else None)
                           for activity in activities)
    db.session.commit()
    return cohort.id


def bare_weasyprint(context, documents):
    """Documents per second: the default template, one process, CSS and fonts reused."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from app.certificates import pdf

    renderer = pdf.CertificateRenderer()
    folder = pdf.TEMPLATES_DIR / "default"
    markup = renderer.html(context)
    font_config, cache = FontConfiguration(), {}
    css = CSS(filename=str(folder / "certificate.css"), font_config=font_config)
    HTML(string=markup).write_pdf(stylesheets=[css], font_config=font_config, cache=cache)
    started = time.perf_counter()
    for _ in range(documents):
        HTML(string=markup).write_pdf(stylesheets=[css], font_config=font_config, cache=cache)
    return documents / (time.perf_counter() - started)


def pool_throughput(context, documents):
    """Documents per second from the bulk run's worker pool alone, without the database."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from app.certificates import bulk

    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"),
                             initializer=bulk._init_worker) as pool:
        list(pool.map(bulk._render, [context] * workers, ["default"] * workers))
        started = time.perf_counter()
        list(pool.map(bulk._render, [context] * documents, ["default"] * documents))
        return documents / (time.perf_counter() - started)


def run(count):
    import flask_migrate
    from sqlalchemy import func, select

    from app import create_app
    from app.certificates import services
    from app.certificates.bulk import run_bulk_issue
    from app.certificates.models import BulkIssue, Certificate
    from app.extensions import db

    rss_before = max_rss_mib(resource.RUSAGE_SELF)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "PASSWORD_HASH_METHOD": "scrypt:1024:8:1", "REDIS_URL": None})
        with app.app_context(), app.test_request_context():
            flask_migrate.upgrade()
            cohort_id = seed(count)
            bulk = BulkIssue(cohort_id=cohort_id, status="queued")
            db.session.add(bulk)
            db.session.flush()
            bulk_id = bulk.id
            db.session.commit()
            rss_seeded = max_rss_mib(resource.RUSAGE_SELF)

            marks = []
            started = time.perf_counter()
            status = run_bulk_issue(bulk_id, lambda done, total: marks.append(
                time.perf_counter()))
            bulk_seconds = time.perf_counter() - started
            issue_seconds = marks[0] - started  # the first report comes once all are issued
            with_pdf = db.session.scalar(select(func.count(Certificate.id))
                                         .where(Certificate.pdf.is_not(None)))
            assert status == "done" and with_pdf == count, (status, with_pdf)
            context = services.certificate_context(db.session.scalars(select(Certificate))
                                                   .first())
            docs_per_second = bare_weasyprint(context, min(count, 100))
            pool_per_second = pool_throughput(context, min(count, 100))
            db.engine.dispose()
    return {
        "count": count,
        "bulk_seconds": bulk_seconds,
        "issue_seconds": issue_seconds,
        "certificates_per_second": count / bulk_seconds,
        "docs_per_second": docs_per_second,
        "pool_per_second": pool_per_second,
        "rss_growth_mib": max_rss_mib(resource.RUSAGE_SELF) - rss_seeded,
        "rss_before_mib": rss_before,
        "workers_peak_rss_mib": max_rss_mib(resource.RUSAGE_CHILDREN),
    }


def section(figures):
    count, cpus = figures["count"], os.cpu_count()
    render_seconds = figures["bulk_seconds"] - figures["issue_seconds"]
    rows = [
        ("machine", machine()),
        (f"bulk run: {count} certificates issued and rendered (SQLite)",
         f"{figures['bulk_seconds']:.1f} s"),
        ("of which issuing (numbers, rows, one commit each)",
         f"{figures['issue_seconds']:.1f} s"),
        (f"of which rendering and storing the PDFs ({cpus} worker processes)",
         f"{render_seconds:.1f} s"),
        ("bulk run throughput",
         f"**{figures['certificates_per_second']:.1f} certificates/s**"),
        ("bare WeasyPrint, default template, CSS + fonts + cache reused, one process",
         f"**{figures['docs_per_second']:.1f} documents/s** "
         f"({1000 / figures['docs_per_second']:.0f} ms each)"),
        (f"the bulk run's pool of {cpus} renderers alone, no database",
         f"{figures['pool_per_second']:.1f} documents/s"),
        ("peak RSS growth of the main process during the run",
         f"{figures['rss_growth_mib']:.0f} MiB"),
        ("peak RSS of the largest rendering worker",
         f"{figures['workers_peak_rss_mib']:.0f} MiB"),
    ]
    return f"""`bench/certificates.py --count {count}` — measured {measured_at()}.

{table(rows)}

The bulk run issues each certificate in its own transaction, then renders the PDFs in one
process per CPU and stores them in batches of 8. Rendering bounds it: compare the pool's rate
with the one-process rate to see how far this machine's CPUs scale.
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="participants (default 200)")
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    figures = run(arguments.count)
    write_section("Certificates", section(figures))
    print(section(figures))


if __name__ == "__main__":
    main()
