"""Plain builders of test data that need no database."""
from decimal import Decimal

from app.content.loader import ActivitySource, CourseSource, ModuleSource


def course_source(slug, lessons=3, quiz=True, modules=1, language="en", assignment=False):
    """A course of `modules` modules with `lessons` lessons each, an optional closing quiz
    that requires the last lesson and an optional assignment (slug "assignment") after it."""
    module_sources = []
    for m in range(1, modules + 1):
        activities = [
            ActivitySource(slug=f"m{m}-lesson-{i}", kind="lesson", title=f"Lesson {m}.{i}",
                           minutes=20, body_html=f"<p>Body of lesson {m}.{i}</p>", spec=None,
                           requires=None)
            for i in range(1, lessons + 1)
        ]
        module_sources.append(ModuleSource(slug=f"module-{m}", title=f"Module {m}",
                                           activities=activities))
    if quiz:
        last = module_sources[-1].activities
        last.append(ActivitySource(
            slug="final-quiz", kind="quiz", title="Final quiz", minutes=10, body_html="",
            requires=last[-1].slug if last else None, spec=QUIZ_SPEC))
    if assignment:
        module_sources[-1].activities.append(ActivitySource(
            slug="assignment", kind="assignment", title="Map your stakeholders", minutes=60,
            body_html="<p>List the agencies your plan depends on.</p>", spec=None,
            requires=None))
    return CourseSource(slug=slug, title=f"Course {slug}", summary="A course.", language=language,
                        jp=Decimal("4"), modules=module_sources)


QUIZ_SPEC = {"pass_mark": 50, "questions": [
    {"key": "capital", "kind": "single", "prompt": "Which city is the capital of West Java?",
     "explanation": "Bandung is the capital.", "choices": ["Bandung", "Bogor"], "correct": [0]},
    {"key": "domains", "kind": "multiple", "prompt": "Which are SPBE domains?",
     "explanation": "Both are domains of the 2020 framework.",
     "choices": ["Kebijakan Internal", "Layanan", "Pariwisata"], "correct": [0, 1]},
]}
