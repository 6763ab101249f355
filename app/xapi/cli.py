"""`flask xapi …`: send the learning records now, or export them as JSON."""
import json

import click
from flask import current_app
from flask.cli import AppGroup

from app.xapi import queries
from app.xapi.delivery import send_pending_statements

xapi_cli = AppGroup("xapi", help="xAPI learning records.")


@xapi_cli.command("send")
def send():
    """Send every unsent statement to the LRS now, those waiting to retry too (e.g. from cron
    after an outage); safe to run while other runs send."""
    if not current_app.config["XAPI_ENDPOINT"]:
        raise click.ClickException("No LRS is configured: set XAPI_ENDPOINT.")
    outcome = send_pending_statements(everything=True)
    click.echo(f"{outcome.sent} statements sent, {outcome.failed} failed, "
               f"{outcome.waiting} waiting.")
    if outcome.failed:
        raise SystemExit(1)


@xapi_cli.command("export")
@click.option("--unsent", is_flag=True, help="Only the statements not sent yet.")
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-",
              help="The file to write (default: standard output).")
def export(unsent, output):
    """Write the statements, oldest first, as the JSON array an LRS accepts."""
    json.dump(queries.bodies(unsent=unsent), output, ensure_ascii=False, indent=2)
    output.write("\n")
