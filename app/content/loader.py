"""Reading course content from files into plain data, validated before anything is saved."""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.content.kinds import ACTIVITY_KINDS, KEY_PATTERN, ContentProblem, read_toml
from app.errors import DomainError

LANGUAGES = ("id", "en")


class ContentError(DomainError):
    """One or more content files are malformed; `problems` lists them all, one line each."""

    def __init__(self, problems, root):
        self.problems = [f"{_shown_path(p.path, root)}: {p.problem}" for p in problems]
        super().__init__("\n".join(self.problems))


def _shown_path(path, root):
    path = Path(path).resolve()
    root = Path(root).resolve()
    return path.relative_to(root) if path.is_relative_to(root) else path


@dataclass
class ActivitySource:
    slug: str
    kind: str
    title: str
    minutes: int
    body_html: str
    spec: dict | None
    requires: str | None


@dataclass
class ModuleSource:
    slug: str
    title: str
    activities: list[ActivitySource] = field(default_factory=list)


@dataclass
class CourseSource:
    slug: str
    title: str
    summary: str
    language: str
    jp: Decimal
    modules: list[ModuleSource] = field(default_factory=list)


def load_content(root):
    """Read every course under `root`/courses; raise ContentError naming each bad file."""
    courses_dir = Path(root) / "courses"
    if not courses_dir.is_dir():
        raise ContentError([ContentProblem(courses_dir, "folder not found")], root)
    courses, problems = [], []
    for manifest in sorted(courses_dir.glob("*/course.toml")):
        try:
            courses.append(_load_course(manifest))
        except ContentProblem as problem:
            problems.append(problem)
    seen = {}
    for course in courses:
        if course.slug in seen:
            problems.append(ContentProblem(courses_dir / course.slug,
                                           f"course slug {course.slug!r} is used twice"))
        seen[course.slug] = course
    if problems:
        raise ContentError(problems, root)
    return courses


def _text(data, key, path, where="", required=True):
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentProblem(path, f"{where}{key} must be a non-empty text")
    return value.strip()


def _slug(data, path, where=""):
    slug = data.get("slug")
    if not isinstance(slug, str) or not KEY_PATTERN.match(slug) or len(slug) > 80:
        raise ContentProblem(path, f"{where}slug must be lowercase letters, digits and hyphens "
                                   f"(got {slug!r})")
    return slug


def _load_course(manifest):
    data = read_toml(manifest)
    course_dir = manifest.parent
    slug = _slug(data, manifest)
    language = data.get("language")
    if language not in LANGUAGES:
        raise ContentProblem(manifest, f"language must be one of {', '.join(LANGUAGES)}")
    try:
        jp = Decimal(str(data.get("jp")))
    except InvalidOperation:
        jp = Decimal(-1)
    if not jp.is_finite() or jp <= 0 or jp > 1000:
        raise ContentProblem(manifest, "jp must be a positive number of JP hours")
    course = CourseSource(
        slug=slug, title=_text(data, "title", manifest),
        summary=_text(data, "summary", manifest, required=False), language=language, jp=jp,
    )
    modules = data.get("modules")
    if not isinstance(modules, list) or not modules:
        raise ContentProblem(manifest, "a course needs at least one [[modules]] entry")
    module_slugs, activity_slugs = set(), {}
    for m_number, module_data in enumerate(modules, start=1):
        where = f"module {m_number}: "
        module = ModuleSource(slug=_slug(module_data, manifest, where),
                              title=_text(module_data, "title", manifest, where))
        if module.slug in module_slugs:
            raise ContentProblem(manifest, f"{where}slug {module.slug!r} is used twice")
        module_slugs.add(module.slug)
        for a_number, entry in enumerate(module_data.get("activities", []), start=1):
            activity = _load_activity(entry, course_dir, manifest,
                                      f"module {module.slug}, activity {a_number}: ")
            if activity.slug in activity_slugs:
                raise ContentProblem(manifest, f"activity slug {activity.slug!r} is used twice")
            activity_slugs[activity.slug] = activity
            module.activities.append(activity)
        course.modules.append(module)
    for activity in activity_slugs.values():
        if activity.requires is not None and activity.requires not in activity_slugs:
            raise ContentProblem(manifest, f"activity {activity.slug!r} requires "
                                           f"{activity.requires!r}, which is not in this course")
    for activity in activity_slugs.values():
        chain, step = [], activity
        while step.requires is not None:
            chain.append(step.slug)
            if step.requires in chain:
                raise ContentProblem(manifest, "activities require each other in a circle: "
                                               + " → ".join(chain + [step.requires]))
            step = activity_slugs[step.requires]
    return course


def _load_activity(entry, course_dir, manifest, where):
    slug = _slug(entry, manifest, where)
    kind = ACTIVITY_KINDS.get(entry.get("kind"))
    if kind is None:
        raise ContentProblem(manifest, f"{where}kind must be one of "
                                       f"{', '.join(ACTIVITY_KINDS)} (got {entry.get('kind')!r})")
    _text(entry, "file", manifest, where)
    minutes = entry.get("minutes", 0)
    if not isinstance(minutes, int) or minutes < 0:
        raise ContentProblem(manifest, f"{where}minutes must be a whole number, 0 or more")
    requires = entry.get("requires")
    if requires is not None and not isinstance(requires, str):
        raise ContentProblem(manifest, f"{where}requires must be an activity slug")
    body_html, spec = kind.parse(entry, course_dir)
    return ActivitySource(slug=slug, kind=kind.name, title=_text(entry, "title", manifest, where),
                          minutes=minutes, body_html=body_html, spec=spec, requires=requires)
