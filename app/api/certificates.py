"""Certificates, their Open Badges 3.0 credentials and public verification."""
import marshmallow as ma
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy import select

from app.api.auth import api_user
from app.api.schemas import UpdatedSinceArgs
from app.api.scopes import get_visible, visible_enrollments
from app.api.spec import Blueprint, page_of
from app.certificates import queries
from app.certificates.badges import open_badge
from app.certificates.models import Certificate
from app.certificates.services import verify_url
from app.links import absolute_url
from app.rounds.models import Enrollment

blp = Blueprint("api_certificates", __name__,
                description="Certificates, their Open Badges 3.0 credentials and public "
                            "verification.")

LD_JSON = "application/ld+json"
# What /verify/<code> shows anyone; never the NIP, position or institution.
PUBLIC_FACTS = ("number", "holder_name", "program_title", "cohort_name", "cohort_starts_on",
                "cohort_ends_on", "jp", "issued_on", "revoked_at", "revoked_reason")


class Computed(ma.fields.String):
    """A string worked out from the object (an address), documented as a string."""

    def __init__(self, compute, **kwargs):
        super().__init__(**kwargs)
        self.compute = compute

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return self.compute(obj)


class Itself(ma.fields.Nested):
    """A nested object made of the object's own columns (the holder, copied at issue)."""

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return obj


def credential_url(certificate):
    return absolute_url(url_for("api_certificates.get_credential",
                                certificate_id=certificate.id))


def visible_certificates(user):
    """Certificates of the enrolments the user may see: their own, those they guide, and
    those of the rounds they manage."""
    return Certificate.enrollment_id.in_(
        select(Enrollment.id).where(visible_enrollments(user)))


class HolderSchema(ma.Schema):
    name = ma.fields.String(required=True, attribute="holder_name")
    nip = ma.fields.String(required=True, allow_none=True, attribute="holder_nip",
                           metadata={"description": "The civil servant's NIP, if any."})


class CertificateSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    number = ma.fields.String(required=True)
    enrollment_id = ma.fields.Integer(required=True)
    holder = Itself(HolderSchema, required=True)
    program_title = ma.fields.String(required=True)
    qualification = ma.fields.String(required=True)
    cohort_name = ma.fields.String(required=True)
    cohort_starts_on = ma.fields.Date(required=True)
    cohort_ends_on = ma.fields.Date(required=True)
    jp = ma.fields.Decimal(required=True, as_string=True, metadata={
        "description": "Lesson hours (jam pelajaran)."})
    issued_on = ma.fields.Date(required=True)
    revoked_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    revoked_reason = ma.fields.String(required=True,
                                      metadata={"description": "Empty unless revoked."})
    verification_url = Computed(verify_url, required=True, metadata={
        "format": "uri", "description": "The public verification page."})
    credential_url = Computed(credential_url, required=True, metadata={
        "format": "uri", "description": "The Open Badges 3.0 credential in this API."})
    updated_at = ma.fields.AwareDateTime(required=True)


class CertificateArgs(UpdatedSinceArgs):
    cohort_id = ma.fields.Integer(load_default=None, metadata={"description": "A round's id."})
    revoked = ma.fields.Boolean(load_default=None, metadata={
        "description": "true: only revoked certificates; false: only current ones."})


class AchievementCriteriaSchema(ma.Schema):
    narrative = ma.fields.String(required=True)


class AchievementSchema(ma.Schema):
    id = ma.fields.String(required=True)
    type = ma.fields.List(ma.fields.String(), required=True)
    name = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    criteria = ma.fields.Nested(AchievementCriteriaSchema, required=True)


class AchievementSubjectSchema(ma.Schema):
    type = ma.fields.List(ma.fields.String(), required=True)
    name = ma.fields.String(required=True)
    achievement = ma.fields.Nested(AchievementSchema, required=True)


class IssuerProfileSchema(ma.Schema):
    id = ma.fields.String(required=True)
    type = ma.fields.List(ma.fields.String(), required=True)
    name = ma.fields.String(required=True)


class RevocationStatusSchema(ma.Schema):
    id = ma.fields.String(required=True)
    type = ma.fields.String(required=True)
    revoked = ma.fields.Boolean(required=True)
    revokedAt = ma.fields.String(required=True)
    reason = ma.fields.String(required=True)


class CredentialSchema(ma.Schema):
    """An unsigned Open Badges 3.0 OpenBadgeCredential; `credentialStatus` only when revoked."""

    context = ma.fields.List(ma.fields.String(), required=True, data_key="@context",
                             attribute="@context")
    type = ma.fields.List(ma.fields.String(), required=True)
    id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    issuer = ma.fields.Nested(IssuerProfileSchema, required=True)
    validFrom = ma.fields.String(required=True)
    credentialSubject = ma.fields.Nested(AchievementSubjectSchema, required=True)
    credentialStatus = ma.fields.Nested(RevocationStatusSchema)


class VerificationSchema(ma.Schema):
    """What the public verification page shows, and nothing more."""

    valid = ma.fields.Boolean(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(("valid", "revoked")))
    number = ma.fields.String(required=True)
    holder_name = ma.fields.String(required=True)
    program_title = ma.fields.String(required=True)
    cohort_name = ma.fields.String(required=True)
    cohort_starts_on = ma.fields.Date(required=True)
    cohort_ends_on = ma.fields.Date(required=True)
    jp = ma.fields.Decimal(required=True, as_string=True)
    issued_on = ma.fields.Date(required=True)
    revoked_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    revoked_reason = ma.fields.String(required=True,
                                      metadata={"description": "Empty unless revoked."})
    verification_url = ma.fields.String(required=True, metadata={"format": "uri"})


@blp.route("/certificates")
@blp.arguments(CertificateArgs, location="query", as_kwargs=True)
@blp.response(200, CertificateSchema(many=True))
@blp.paginate()
def list_certificates(updated_since, cohort_id, revoked, pagination_parameters):
    """The certificates the token's user may see: their own, their guided participants', and
    those of the rounds they manage"""
    query = select(Certificate).where(visible_certificates(api_user())).order_by(Certificate.id)
    if updated_since is not None:
        query = query.where(Certificate.updated_at >= updated_since)
    if cohort_id is not None:
        query = query.where(Certificate.enrollment_id.in_(
            select(Enrollment.id).where(Enrollment.cohort_id == cohort_id)))
    if revoked is not None:
        query = query.where(~Certificate.current if revoked else Certificate.current)
    return page_of(query, pagination_parameters)


@blp.route("/certificates/<int:certificate_id>")
@blp.response(200, CertificateSchema)
def get_certificate(certificate_id):
    """One certificate"""
    return get_visible(Certificate, certificate_id, visible_certificates(api_user()))


@blp.route("/certificates/<int:certificate_id>/credential")
@blp.response(200, CredentialSchema, content_type=LD_JSON)
def get_credential(certificate_id):
    """The certificate as an (unsigned) Open Badges 3.0 credential, in JSON-LD"""
    certificate = get_visible(Certificate, certificate_id, visible_certificates(api_user()))
    return credential_response(certificate)


def credential_response(certificate):
    response = current_app.json.response(CredentialSchema().dump(
        open_badge(certificate, queries.organisation_slug(certificate))))
    response.mimetype = LD_JSON
    return response


@blp.route("/verify/<code>")
@blp.public
@blp.response(200, VerificationSchema)
def verify(code):
    """Whether a certificate is valid, by the code of its QR link; needs no token"""
    certificate = queries.by_code(code)
    if certificate is None:
        abort(404, message=_("There is no certificate with this verification code."))
    valid = certificate.current
    return {**{name: getattr(certificate, name) for name in PUBLIC_FACTS},
            "valid": valid, "status": "valid" if valid else "revoked",
            "verification_url": verify_url(certificate)}
