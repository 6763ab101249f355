"""What each cohort status allows, and which status may follow which."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.audit.services import label_details


@dataclass(frozen=True)
class CohortStatus:
    label: str
    next: tuple[str, ...]
    enrolment: bool = False
    learning: bool = False
    check_in: bool = False
    visible: bool = True
    editable: bool = True


COHORT_STATUSES = {
    # Being prepared: the organiser builds the agenda and roster; participants do not see it yet.
    "draft": CohortStatus(_l("Draft"), next=("open",), enrolment=True, visible=False),
    # Registration is open and participants may start the online learning.
    "open": CohortStatus(_l("Open"), next=("draft", "running"), enrolment=True, learning=True),
    # The round is under way: sessions take place and participants check in.
    "running": CohortStatus(_l("Running"), next=("completed",), enrolment=True, learning=True,
                            check_in=True),
    # Finished: the record stands; attendance may still be corrected, nobody joins.
    "completed": CohortStatus(_l("Completed"), next=("running", "archived")),
    # Kept for the record only; nothing changes any more.
    "archived": CohortStatus(_l("Archived"), next=("completed",), editable=False),
}
STATUS_LABELS = {name: status.label for name, status in COHORT_STATUSES.items()}
label_details(old=STATUS_LABELS, new=STATUS_LABELS)


def visible_statuses():
    return [name for name, status in COHORT_STATUSES.items() if status.visible]
