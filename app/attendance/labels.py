"""How attendance statuses read on the page."""
from flask_babel import lazy_gettext as _l


ATTENDANCE_LABELS = {
    "present": _l("Present"),
    "late": _l("Late"),
    "excused": _l("Excused"),
    "absent": _l("Absent"),
}
