"""How a quiz is taken: attempts, time limit, question pool, shuffling and what the result
shows when. A quiz file declares them; an organiser may override them for one round.

The defaults keep a score meaningful: three attempts, and the correct answers shown only
once the participant can no longer try again.
"""
from dataclasses import asdict, dataclass, fields, replace

from flask_babel import lazy_gettext as _l

# What a result shows, from least to most: the score, which questions were wrong, or the
# correct answers with their explanations.
REVIEW_LEVELS = {
    "score": _l("The score only"),
    "mistakes": _l("Which questions were wrong"),
    "answers": _l("The correct answers and explanations"),
}

# When the result shows that much; before then it shows the score only.
REVIEW_MOMENTS = {
    "each-attempt": _l("After each attempt"),
    "passing": _l("After passing"),
    "last-attempt": _l("When no attempt is left"),
    "round-closed": _l("After the round closes"),
}


@dataclass(frozen=True)
class QuizSettings:
    attempts: int = 3               # attempts allowed; 0 for no limit
    time_limit: int = 0             # minutes per attempt; 0 for none
    draw: int = 0                   # questions drawn for each attempt; 0 for all of them
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    review: str = "answers"
    review_after: str = "last-attempt"

    def overridden(self, overrides):
        """These settings with a round's overrides ({name: value}) applied."""
        known = {name: value for name, value in (overrides or {}).items()
                 if name in SETTING_NAMES}
        return replace(self, **known)

    def as_dict(self):
        return asdict(self)


SETTING_NAMES = frozenset(field.name for field in fields(QuizSettings))


def quiz_settings(spec, overrides=None):
    """The settings a quiz is taken with: its file's, then the round's overrides."""
    return QuizSettings(**spec.get("settings", {})).overridden(overrides)


def parse_settings(data, question_count):
    """The settings declared at the top of a quiz file, as {name: value}, or a problem in words.

    Returns (settings, problem); problem is None when they are right.
    """
    settings = {}
    for name in ("attempts", "time_limit", "draw"):
        if name in data:
            value = data[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                return None, f"{name} must be a whole number, 0 or more"
            settings[name] = value
    if settings.get("draw", 0) > question_count:
        return None, (f"draw is {settings['draw']} but the quiz has only {question_count} "
                      f"questions")
    for name in ("shuffle_questions", "shuffle_choices"):
        if name in data:
            if not isinstance(data[name], bool):
                return None, f"{name} must be true or false"
            settings[name] = data[name]
    for name, allowed in (("review", REVIEW_LEVELS), ("review_after", REVIEW_MOMENTS)):
        if name in data:
            if data[name] not in allowed:
                return None, f"{name} must be one of {', '.join(allowed)}"
            settings[name] = data[name]
    return settings, None
