"""What one area announces and others act on, so that dependencies keep pointing one way: the
area that records a participant's progress need not know what follows from it."""
from blinker import Namespace

_events = Namespace()

# Sent with `enrollment_ids` after a write that may complete a participant's program (an
# activity completed, attendance recorded, an action plan accepted), inside that write's
# transaction: what the receivers write commits or rolls back with it.
progress_recorded = _events.signal("progress-recorded")

# Sent with `enrollment` and `name` (its holder's) before an enrolment is taken out of its
# round: a receiver whose records must keep it raises a DomainError saying why, and nothing is
# removed.
enrollment_leaving = _events.signal("enrollment-leaving")
