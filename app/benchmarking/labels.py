"""How score stages are named to people."""
from flask_babel import lazy_gettext as _l

STAGE_LABELS = {"official": _l("Official"), "self_assessment": _l("Self-assessment")}
