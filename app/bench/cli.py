"""`flask bench seed`: load generated data at a chosen scale and say how to measure it."""
import json
from dataclasses import asdict

import click
from flask.cli import AppGroup

from app.bench.seed import SIZES, seed
from app.errors import DomainError

bench_cli = AppGroup("bench", help="Generate data to measure performance against.")


def _progress_printer():
    """A progress callback that rewrites one line per table."""
    shown = []

    def show(table, count):
        if shown and shown[-1] != table:
            click.echo()
        shown.append(table)
        click.echo(f"\r  {table:24} {count:>9,}", nl=False)
    return show


@bench_cli.command("seed")
@click.option("--size", type=click.Choice(sorted(SIZES)), default="S", show_default=True,
              help="S: one province, M: five, L: the whole country.")
@click.option("--password", default="madangan-bench", show_default=True,
              help="Password of every generated account.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False),
              help="Also write the summary as JSON to this file.")
def seed_command(size, password, summary_path):
    """Generate organisations, rounds, people and their records; refuses a second run."""
    click.echo(f"Seeding size {size}: {SIZES[size]}")
    try:
        summary = seed(SIZES[size], password=password, progress=_progress_printer())
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    text = json.dumps(asdict(summary), indent=2)
    click.echo(f"\nDone in {summary.seconds} s.\n{text}")
    if summary_path:
        with open(summary_path, "w", encoding="utf-8") as file:
            file.write(text + "\n")
