"""A certificate as an Open Badges 3.0 OpenBadgeCredential, for machines that verify it.

The credential is not signed (no proof): its authority is the address it is served from, the
issuer's own verification page. Revocation is stated in `credentialStatus`.
"""
from datetime import datetime, time

from app import clock
from app.certificates.services import verify_url
from app.links import absolute_url

CONTEXT = ["https://www.w3.org/ns/credentials/v2",
           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


def open_badge(certificate, organisation_slug):
    """The certificate as an OpenBadgeCredential-shaped dict."""
    url = verify_url(certificate)
    criteria = (f"Completed every requirement of {certificate.program_title} "
                f"({certificate.jp.normalize():f} JP) in {certificate.cohort_name}, "
                f"{certificate.cohort_starts_on.isoformat()} to "
                f"{certificate.cohort_ends_on.isoformat()}.")
    credential = {
        "@context": CONTEXT,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "id": url,
        "name": certificate.program_title,
        "issuer": {"id": absolute_url(f"/verify#{organisation_slug}"), "type": ["Profile"],
                   "name": certificate.organisation_name},
        "validFrom": datetime.combine(certificate.issued_on, time(0),
                                      clock.organisation_zone()).isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.holder_name,
            "achievement": {
                "id": f"{url}#achievement",
                "type": ["Achievement"],
                "name": certificate.program_title,
                "description": certificate.qualification or certificate.program_title,
                "criteria": {"narrative": criteria},
            },
        },
    }
    if not certificate.current:
        credential["credentialStatus"] = {
            "id": f"{url}#status", "type": "RevocationStatus", "revoked": True,
            "revokedAt": certificate.revoked_at.isoformat(),
            "reason": certificate.revoked_reason}
    return credential
