"""How the cohort area's codes read on the page."""
from flask_babel import lazy_gettext as _l

DELIVERY_MODE_LABELS = {
    "classical": _l("Classical (in person)"),
    "blended": _l("Blended"),
    "elearning": _l("E-learning"),
    "study_visit": _l("Study visit abroad"),
}
ENROLLMENT_ROLE_LABELS = {
    "participant": _l("Participant"),
    "coach": _l("Coach"),
    "mentor": _l("Mentor"),
    "observer": _l("Observer"),
}
