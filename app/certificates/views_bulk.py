"""Issuing a cohort's certificates in bulk, following the run, and downloading them all."""
import zipfile

from flask import Blueprint, Response, redirect, render_template, stream_with_context, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import role_required
from app.auth.models import Role
from app.certificates.bulk import ACTIVE, STALLED_AFTER, stalled, start_bulk_issue
from app.certificates.models import BulkIssue, Certificate
from app.extensions import db
from app.rounds.access import get_managed_cohort
from app.rounds.models import Enrollment

bp = Blueprint("bulk", __name__, url_prefix="/manage")

STATUS_LABELS = {"queued": _l("Queued"), "running": _l("Running"), "done": _l("Done"),
                 "failed": _l("Failed")}


@bp.app_context_processor
def status_labels():
    """Let _bulk.html, included by other areas' pages, name a run's status."""
    return {"bulk_status_label": lambda status: STATUS_LABELS.get(status, status)}


@bp.post("/cohorts/<int:cohort_id>/certificates/bulk")
@role_required(Role.ORGANISER, Role.ADMIN)
def start(cohort_id):
    """Issue the certificates of every participant who has completed the round."""
    cohort = get_managed_cohort(cohort_id)
    bulk = start_bulk_issue(current_user, cohort)
    return redirect(url_for("bulk.progress", bulk_id=bulk.id))


@bp.get("/bulk-issues/<int:bulk_id>")
@role_required(Role.ORGANISER, Role.ADMIN)
def progress(bulk_id):
    """Show how far a bulk issue has come; the page reloads itself while it runs."""
    bulk = db.get_or_404(BulkIssue, bulk_id)
    cohort = get_managed_cohort(bulk.cohort_id)
    return render_template("certificates/bulk.html", cohort=cohort, bulk=bulk,
                           refresh=bulk.status in ACTIVE and not stalled(bulk),
                           stalled=stalled(bulk),
                           stalled_minutes=int(STALLED_AFTER.total_seconds() // 60))


@bp.get("/cohorts/<int:cohort_id>/certificates.zip")
@role_required(Role.ORGANISER, Role.ADMIN)
def download_zip(cohort_id):
    """Download the PDFs of the round's current certificates as one ZIP."""
    cohort = get_managed_cohort(cohort_id)
    certificates = db.session.execute(
        select(Certificate.id, Certificate.number).join(Enrollment)
        .where(Enrollment.cohort_id == cohort.id, Certificate.current,
               Certificate.pdf.is_not(None))
        .order_by(Certificate.number)).all()
    filename = f"certificates-{cohort.id}.zip"
    return Response(stream_with_context(zipped_pdfs(certificates)), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


class _Chunks:
    """A write-only file for ZipFile whose written bytes are taken out as they come."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data, self.parts = b"".join(self.parts), []
        return data


def zipped_pdfs(certificates):
    """Stream a ZIP of the certificates' PDFs, reading one PDF from the database at a time."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate_id, number in certificates:
            body = db.session.scalar(select(Certificate.pdf)
                                     .where(Certificate.id == certificate_id))
            archive.writestr(number.replace("/", "-") + ".pdf", body)
            yield sink.take()
    yield sink.take()
