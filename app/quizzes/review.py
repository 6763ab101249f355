"""What an attempt's result shows the participant, by the quiz's review policy: the score
only, which questions were wrong, or the correct answers — and when. Until the policy's
moment the result shows the score only, so an answer is never handed to someone who may
still use it."""


def moment_reached(state):
    """Whether the quiz's review moment has come for this participant."""
    return {
        "each-attempt": True,
        "passing": state.passed,
        "last-attempt": not state.may_try_again and state.current is None,
        "round-closed": not state.round_open,
    }[state.settings.review_after]


def review_level(state):
    """"score", "mistakes" or "answers": what the participant's results show now."""
    return state.settings.review if moment_reached(state) else "score"


def question_results(spec, attempt):
    """[(number, question, [(index, text)], chosen indexes, right)] of an ended attempt, in the
    order shown."""
    results = []
    for number, (question, choices) in enumerate(attempt.asked(spec), start=1):
        chosen = set(attempt.answers.get(question["key"], ()))
        results.append((number, question, choices, chosen, chosen == set(question["correct"])))
    return results
