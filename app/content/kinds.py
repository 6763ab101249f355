"""The kinds of activity a course can hold, each a small class in one registry.

A kind knows how to read its manifest entry from the content files (`parse`), which template
shows it, and whether a learner may mark it done themselves.
"""
import re
import tomllib

from flask_babel import lazy_gettext as _l

from app.content.markdown import render_markdown
from app.content.quiz_settings import parse_settings

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ContentProblem(Exception):
    """A problem in one content file; the loader adds the file's name."""

    def __init__(self, path, problem):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def read_text(path):
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentProblem(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ContentProblem(path, f"not UTF-8 text ({exc.reason})") from None


def read_toml(path):
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ContentProblem(path, f"invalid TOML: {exc}") from None


def content_file(course_dir, entry):
    """The file an entry names, which must lie inside the course's folder."""
    path = (course_dir / entry["file"]).resolve()
    if not path.is_relative_to(course_dir.resolve()):
        raise ContentProblem(course_dir / entry["file"], "file lies outside the course folder")
    return path


class ActivityKind:
    name = ""
    label = ""
    template = ""
    learner_marks_done = False

    def parse(self, entry, course_dir):
        """Return (body_html, spec) for a manifest entry; raise ContentProblem when it is wrong."""
        raise NotImplementedError


class Lesson(ActivityKind):
    name = "lesson"
    label = _l("Lesson")
    template = "courses/lesson.html"
    learner_marks_done = True

    def parse(self, entry, course_dir):
        path = content_file(course_dir, entry)
        return render_markdown(read_text(path)), None


class Quiz(ActivityKind):
    name = "quiz"
    label = _l("Quiz")
    template = "courses/quiz.html"

    def parse(self, entry, course_dir):
        path = content_file(course_dir, entry)
        data = read_toml(path)
        pass_mark = data.get("pass_mark")
        if not isinstance(pass_mark, int) or not 0 < pass_mark <= 100:
            raise ContentProblem(path, "pass_mark must be a whole number from 1 to 100")
        questions = data.get("questions")
        if not isinstance(questions, list) or not questions:
            raise ContentProblem(path, "a quiz needs at least one [[questions]] entry")
        keys = set()
        parsed = []
        for number, question in enumerate(questions, start=1):
            parsed.append(self._parse_question(path, number, question, keys))
        settings, problem = parse_settings(data, len(parsed))
        if problem:
            raise ContentProblem(path, problem)
        return "", {"pass_mark": pass_mark, "questions": parsed, "settings": settings}

    def _parse_question(self, path, number, question, keys):
        where = f"question {number}"
        key = question.get("key")
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise ContentProblem(path, f"{where}: key must be lowercase letters, digits, hyphens")
        if key in keys:
            raise ContentProblem(path, f"{where}: key {key!r} is used twice")
        keys.add(key)
        kind = question.get("kind")
        if kind not in ("single", "multiple"):
            raise ContentProblem(path, f"{where} ({key}): kind must be 'single' or 'multiple'")
        prompt = question.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise ContentProblem(path, f"{where} ({key}): prompt is missing")
        choices = question.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            raise ContentProblem(path, f"{where} ({key}): needs at least two [[questions.choices]]")
        if any(not isinstance(c.get("text"), str) or not c["text"].strip() for c in choices):
            raise ContentProblem(path, f"{where} ({key}): every choice needs a text")
        correct = [i for i, c in enumerate(choices) if c.get("correct") is True]
        if kind == "single" and len(correct) != 1:
            raise ContentProblem(path, f"{where} ({key}): a single-choice question needs exactly "
                                       f"one correct choice, found {len(correct)}")
        if kind == "multiple" and not correct:
            raise ContentProblem(path, f"{where} ({key}): mark at least one choice correct")
        return {
            "key": key,
            "kind": kind,
            "prompt": prompt.strip(),
            "explanation": str(question.get("explanation", "")).strip(),
            "choices": [c["text"].strip() for c in choices],
            "correct": correct,
        }


class Assignment(ActivityKind):
    """A task answered in writing; the participant's coach reviews the answer (see
    app/mentoring/workflow.py) and approving it completes the activity."""
    name = "assignment"
    label = _l("Assignment")
    template = "courses/assignment.html"

    def parse(self, entry, course_dir):
        path = content_file(course_dir, entry)
        return render_markdown(read_text(path)), None


ACTIVITY_KINDS = {kind.name: kind for kind in (Lesson(), Quiz(), Assignment())}


def right_questions(spec, keys, chosen):
    """The keys, of those asked, whose chosen set of choice indexes equals the correct set."""
    correct = {question["key"]: set(question["correct"]) for question in spec["questions"]}
    return {key for key in keys if set(chosen.get(key, ())) == correct[key]}


def grade_quiz(spec, keys, chosen):
    """Score chosen answers ({question key: choice indexes}) to the questions asked (`keys`)
    as a whole percentage; a question scores only when it is answered fully right."""
    return round(100 * len(right_questions(spec, keys, chosen)) / len(keys))
