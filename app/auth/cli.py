"""`flask users …`: account administration from the command line."""
import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from app.auth import services
from app.auth.models import Role
from app.auth.passwords import MIN_LENGTH, weakness
from app.errors import DomainError
from app.extensions import db
from app.organisations.models import Organisation

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice([role.value for role in Role]),
              help="Repeat for several roles.")
@click.option("--organisation", "organisation_slug", help="Organisation slug, for organisers.")
@click.option("--nip", default=None, help="18-digit civil-servant number.")
@click.option("--locale", type=click.Choice(["id", "en"]), default="id")
@click.password_option(help="Asked for when not given.")
def create(email, name, roles, organisation_slug, nip, locale, password):
    """Create a user who can sign in at once."""
    organisation = None
    if organisation_slug:
        organisation = db.session.scalar(select(Organisation).filter_by(slug=organisation_slug))
        if organisation is None:
            raise click.BadParameter(f"no organisation with slug {organisation_slug!r}",
                                     param_hint="--organisation")
    if nip and not (len(nip) == 18 and nip.isdigit()):
        raise click.BadParameter("a NIP has exactly 18 digits", param_hint="--nip")
    if len(password) < MIN_LENGTH:
        raise click.BadParameter(f"a password has at least {MIN_LENGTH} characters",
                                 param_hint="--password")
    with force_locale("en"):  # the command speaks English, like its other messages
        problem = weakness(password, email=email, name=name)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    try:
        user = services.create_user(email=email, name=name, password=password, roles=roles,
                                    organisation=organisation, nip=nip, locale=locale)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.email} ({', '.join(sorted(user.roles)) or 'no roles'}).")
