"""How the cohort roles read on the page."""
from flask_babel import lazy_gettext as _l

from app.audit.services import label_details


ENROLLMENT_ROLE_LABELS = {
    "participant": _l("Participant"),
    "coach": _l("Coach"),
    "mentor": _l("Mentor"),
    "observer": _l("Observer"),
    "examiner": _l("Examiner"),
}
label_details(role=ENROLLMENT_ROLE_LABELS)
