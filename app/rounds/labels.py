"""How the rounds' codes read on the page."""
from flask_babel import lazy_gettext as _l


DELIVERY_MODE_LABELS = {
    "classical": _l("Classical (in person)"),
    "blended": _l("Blended"),
    "elearning": _l("E-learning"),
    "study_visit": _l("Study visit abroad"),
}


SESSION_KIND_LABELS = {
    "lecture": _l("Lecture"),
    "site_visit": _l("Site visit"),
    "forum": _l("Forum"),
    "coaching_clinic": _l("Coaching clinic"),
    "seminar": _l("Action-plan seminar"),
}
