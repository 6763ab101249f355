"""Reading the learner's form input."""


def chosen_answers(spec, form_data):
    """Read a submitted quiz into {question key: set of choice indexes}, ignoring junk."""
    chosen = {}
    for question in spec["questions"]:
        indexes = set()
        for raw in form_data.getlist(f"q-{question['key']}"):
            if raw.isdigit() and int(raw) < len(question["choices"]):
                indexes.add(int(raw))
        if question["kind"] == "single" and len(indexes) > 1:
            indexes = set()
        chosen[question["key"]] = indexes
    return chosen
