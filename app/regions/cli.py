"""`flask regions …`: bring the shipped list of regions into the database."""
import click
from flask.cli import AppGroup

from app.extensions import db
from app.regions.services import REGIONS_CSV, load_regions

regions_cli = AppGroup("regions", help="Indonesia's provinces, regencies and cities.")


@regions_cli.command("load")
@click.option("--file", "path", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Regions CSV (default: the shipped app/regions/data/regions-id.csv).")
def load_regions_command(path):
    """Insert or update the regions from the file; safe to run again."""
    counts = load_regions(path or REGIONS_CSV)
    db.session.commit()
    click.echo(report_regions(counts))


def report_regions(counts):
    return (f"{counts['provinsi']} provinces, {counts['kabupaten'] + counts['kota']} "
            f"regencies/cities ({counts['kabupaten']} kabupaten, {counts['kota']} kota): "
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged.")
