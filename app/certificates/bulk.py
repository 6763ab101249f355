"""Issuing a whole cohort's certificates in the background, with progress every app server
can show.

A run has two phases. First each issuable participant gets a certificate in a transaction of
its own (`issue_certificate(..., render=False)`, then commit): numbers are taken from the
gap-free sequence and committed with their certificate, so a run killed at any moment leaves
whole certificates and no gaps. Then every current certificate of the cohort without a PDF is
rendered, on every core (one process per core, each with its own CertificateRenderer; the
contexts are plain dicts), and the PDFs are stored and committed in small batches.

Running it again, or after a kill, picks up where it stopped: participants who have a current
certificate are skipped and only missing PDFs are rendered. A killed run cannot say it ended:
once it has not moved for STALLED_AFTER the organiser may start another, and the next run of
the cohort closes it as interrupted, so it is not shown running forever.
"""
import importlib
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from multiprocessing import get_context

from flask import current_app, has_app_context
from sqlalchemy import func, select, update

from app import clock
from app.auth.models import User
from app.certificates import pdf
from app.certificates.models import BulkIssue, Certificate
from app.extensions import db
from app.jobs import enqueue_after_response
from app.rounds.models import Cohort, Enrollment
from app.rounds.services import lock_cohort


logger = logging.getLogger(__name__)

PDF_BATCH = 8  # PDFs stored per commit: small, so progress moves and a kill loses little
ACTIVE = ("queued", "running")
# A run that has not moved for this long lost its worker: rendering a batch takes seconds.
STALLED_AFTER = timedelta(minutes=5)


def services():
    """The certificate services (issue_certificate, certificate_context,
    issuable_enrollment_ids), looked up when used."""
    return importlib.import_module("app.certificates.services")


def latest_bulk_issue(cohort):
    """The cohort's most recent run, or None."""
    return db.session.scalar(select(BulkIssue).where(BulkIssue.cohort_id == cohort.id)
                             .order_by(BulkIssue.id.desc()).limit(1)
                             # a worker updates it in another session: read it afresh
                             .execution_options(populate_existing=True))


def stalled(bulk, now=None):
    """Whether a run still marked queued or running has stopped moving: its worker died."""
    last_moved = bulk.progressed_at or bulk.created_at
    return bulk.status in ACTIVE and last_moved < (now or clock.now()) - STALLED_AFTER


def start_bulk_issue(actor, cohort):
    """Queue a run for the cohort (or return the one already queued or running, unless it
    stalled). The cohort's row is locked first, so two organisers clicking at once start one.

    Commits: the run is picked up by a worker in another transaction, which must see it.
    Without Redis it runs in-process once the response is sent, so the organiser watches the
    same progress page either way.
    """
    lock_cohort(cohort)
    latest = latest_bulk_issue(cohort)
    if latest is not None and latest.status in ACTIVE and not stalled(latest):
        db.session.commit()
        return latest
    total = len(services().issuable_enrollment_ids(cohort, clock.now()))
    bulk = BulkIssue(cohort_id=cohort.id, requested_by_id=actor.id if actor else None,
                     status="queued", total=total, issued=0)
    db.session.add(bulk)
    db.session.flush()
    bulk_id = bulk.id
    db.session.commit()  # and hold no transaction open while an in-process run works
    enqueue_after_response(run_bulk_issue, bulk_id)
    db.session.refresh(bulk)
    return bulk


def run_bulk_issue(bulk_id, progress=None):
    """Issue and render the run's certificates; `progress(done, total)` is told of each PDF
    stored. Returns the run's final status."""
    if has_app_context():
        app = current_app._get_current_object()
    else:  # an RQ worker started without the app
        from app import create_app
        app = create_app()
    with app.app_context():  # a session of its own, apart from any caller's
        try:
            return _run(bulk_id, progress)
        finally:
            db.session.remove()


def _run(bulk_id, progress):
    bulk = db.session.get(BulkIssue, bulk_id)
    cohort = db.session.get(Cohort, bulk.cohort_id)
    bulk.status, bulk.error, bulk.finished_at = "running", "", None
    bulk.progressed_at = clock.now()
    _close_interrupted_runs(bulk)
    db.session.commit()
    errors = []
    try:
        errors += _issue_missing(bulk, cohort)
        _render_missing(bulk, cohort, progress)
    except Exception as error:  # recorded for the progress page; the job itself ends here
        logger.exception("bulk issue %s failed", bulk_id)
        db.session.rollback()
        errors.append(f"{type(error).__name__}: {error}")
    bulk = db.session.get(BulkIssue, bulk_id)
    bulk.status = "failed" if errors else "done"
    bulk.error = "\n".join(errors)
    bulk.finished_at = clock.now()
    db.session.commit()
    return bulk.status


def _close_interrupted_runs(bulk):
    """Mark the cohort's earlier runs that never ended (their worker was killed) as failed:
    this run does whatever they left undone."""
    db.session.execute(
        update(BulkIssue)
        .where(BulkIssue.cohort_id == bulk.cohort_id, BulkIssue.id < bulk.id,
               BulkIssue.status.in_(ACTIVE))
        .values(status="failed", finished_at=clock.now(),
                error=f"Interrupted before it ended; run {bulk.id} took over its work."))


def _certified_enrollment_ids(cohort):
    return set(db.session.scalars(
        select(Certificate.enrollment_id).join(Enrollment)
        .where(Enrollment.cohort_id == cohort.id, Certificate.current)))


def _issue_missing(bulk, cohort):
    """Issue a certificate to each issuable participant without one, one commit each."""
    certified = _certified_enrollment_ids(cohort)
    todo = [enrollment_id for enrollment_id in
            services().issuable_enrollment_ids(cohort, clock.now())
            if enrollment_id not in certified]
    actor_id, today, errors = bulk.requested_by_id, clock.today(), []
    for enrollment_id in todo:
        actor = db.session.get(User, actor_id) if actor_id else None
        enrollment = db.session.get(Enrollment, enrollment_id)
        try:
            services().issue_certificate(actor, enrollment, today=today, render=False)
            db.session.execute(update(BulkIssue).where(BulkIssue.id == bulk.id)
                               .values(progressed_at=clock.now()))
            db.session.commit()
        except Exception as error:  # one participant's problem must not stop the others
            db.session.rollback()
            logger.warning("bulk issue: enrolment %s: %s", enrollment_id, error)
            errors.append(f"enrolment {enrollment_id}: {error}")
    return errors


def _pending_ids(cohort):
    return db.session.scalars(
        select(Certificate.id).join(Enrollment)
        .where(Enrollment.cohort_id == cohort.id, Certificate.current,
               Certificate.pdf.is_(None))
        .order_by(Certificate.id)).all()


def _with_pdf_count(cohort):
    return db.session.scalar(
        select(func.count(Certificate.id)).join(Enrollment)
        .where(Enrollment.cohort_id == cohort.id, Certificate.current,
               Certificate.pdf.is_not(None)))


def _render_missing(bulk, cohort, progress):
    """Render the PDFs the cohort's current certificates lack, on every core."""
    bulk_id, pending = bulk.id, _pending_ids(cohort)
    done = _with_pdf_count(cohort)
    total = done + len(pending)
    bulk.total, bulk.issued = total, done
    db.session.commit()
    if progress:
        progress(done, total)
    if not pending:
        return
    template = cohort.program.certificate_template
    workers = min(os.cpu_count() or 1, len(pending))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context(),
                             initializer=_init_worker) as pool:
        chunk = PDF_BATCH * workers
        for start in range(0, len(pending), chunk):
            ids = pending[start:start + chunk]
            contexts = [services().certificate_context(db.session.get(Certificate, id_))
                        for id_ in ids]
            db.session.expunge_all()  # keep the session small over a long run
            rendered = pool.map(_render, contexts, [template] * len(ids))
            for offset, (certificate_id, body) in enumerate(zip(ids, rendered), start=1):
                db.session.execute(update(Certificate).where(Certificate.id == certificate_id)
                                   .values(pdf=body))
                if offset % PDF_BATCH == 0 or offset == len(ids):
                    done += PDF_BATCH if offset % PDF_BATCH == 0 else offset % PDF_BATCH
                    db.session.execute(update(BulkIssue).where(BulkIssue.id == bulk_id)
                                       .values(issued=done, progressed_at=clock.now()))
                    db.session.commit()
                    if progress:
                        progress(done, total)


_worker_renderer = None


def _worker_context():
    """Workers forked from a forkserver that has imported the renderer: they start at once,
    and safely even when the run is in a threaded web server, where a plain fork could copy
    a lock another thread holds and hang. They never touch the database; each builds its own
    CertificateRenderer."""
    context = get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _init_worker():
    global _worker_renderer
    _worker_renderer = pdf.CertificateRenderer()


def _render(context, template):
    return _worker_renderer.render(context, template)
