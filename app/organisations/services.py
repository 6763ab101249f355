"""Rules for organising institutions."""
from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.organisations.models import Organisation
from app.regions.services import check_region


def save_organisation(organisation, *, slug, name, short_name, region_code):
    """Create (when `organisation` is None) or update an organising institution."""
    taken = db.session.scalar(select(Organisation.id).where(Organisation.slug == slug))
    if taken is not None and (organisation is None or taken != organisation.id):
        raise DomainError(_("Another organisation already uses the address name %(slug)s.",
                            slug=slug))
    check_region(region_code)
    if organisation is None:
        organisation = Organisation()
        db.session.add(organisation)
    organisation.slug, organisation.name, organisation.short_name = slug, name, short_name
    organisation.region_code = region_code or None
    db.session.flush()
    return organisation
