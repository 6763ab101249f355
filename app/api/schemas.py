"""Schemas shared by the API's modules: the updated-since filter and small references."""
from datetime import datetime, timezone

import marshmallow as ma

EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)


class Moment(ma.fields.AwareDateTime):
    """An ISO 8601 moment with its zone; one before Madangan existed means "since always"."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return max(moment, EARLIEST)
        except OverflowError:  # so early that it has no UTC equivalent
            return EARLIEST


class UpdatedSinceArgs(ma.Schema):
    updated_since = Moment(
        load_default=None, format="iso",
        metadata={"description": "Only what changed at or after this moment (ISO 8601 with a "
                                 "time zone, e.g. 2026-11-01T00:00:00+07:00)."})


class OrganisationRef(ma.Schema):
    id = ma.fields.Integer(required=True)
    slug = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
