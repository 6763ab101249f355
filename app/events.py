"""What one area announces and others act on, so that dependencies keep pointing one way: the
area that records a participant's progress need not know what follows from it."""
from blinker import Namespace

_events = Namespace()

# Sent with `enrollment_ids` after a write that may complete a participant's program (an
# activity completed, attendance recorded, an action plan accepted), inside that write's
# transaction: what the receivers write commits or rolls back with it.
progress_recorded = _events.signal("progress-recorded")
