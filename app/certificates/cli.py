"""`flask certificates …`: issue a cohort's certificates from the command line."""
import click
from flask.cli import AppGroup

from app.certificates.bulk import run_bulk_issue
from app.certificates.models import BulkIssue
from app.extensions import db
from app.rounds.models import Cohort

certificates_cli = AppGroup("certificates", help="Certificates and their PDFs.")


@certificates_cli.command("issue")
@click.option("--cohort", "cohort_id", type=int, required=True, help="The cohort's id.")
def issue(cohort_id):
    """Issue every issuable participant's certificate and render the missing PDFs; safe to
    run again, and after an interrupted run."""
    if db.session.get(Cohort, cohort_id) is None:
        raise click.ClickException(f"no cohort with id {cohort_id}")
    bulk = BulkIssue(cohort_id=cohort_id, status="queued")
    db.session.add(bulk)
    db.session.flush()
    bulk_id = bulk.id
    db.session.commit()  # and hold no transaction open (nor SQLite's lock) during the run
    with click.progressbar(length=0, label="Certificates") as bar:
        def progress(done, total):
            bar.length = total
            bar.update(done - bar.pos)

        status = run_bulk_issue(bulk_id, progress)
    bulk = db.session.get(BulkIssue, bulk_id)
    if status != "done":
        raise click.ClickException(f"the run {status}: {bulk.error}")
    click.echo(f"{bulk.issued} of {bulk.total} certificates have their PDF.")
