"""Course content: files are validated as a whole, and syncing keeps every learner's progress."""
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from app.content.loader import ContentError, load_content
from app.content.models import Activity, Course, Module
from app.courses.sync import sync_courses
from app.enrolment.services import enroll
from app.learning.models import Completion
from app.learning.services import record_completion
from tests.factories import course_source

PROJECT_CONTENT = Path(__file__).resolve().parents[2] / "content"

MANIFEST = """
slug = "digital-platform-government"
title = "Digital Platform Government"
language = "en"
jp = 8
summary = "Government as a platform."

[[modules]]
slug = "foundations"
title = "Foundations"

[[modules.activities]]
slug = "platforms"
kind = "lesson"
title = "From e-government to platforms"
file = "lessons/platforms.md"
minutes = 30

[[modules.activities]]
slug = "check"
kind = "quiz"
title = "Check your understanding"
file = "quizzes/check.toml"
requires = "platforms"
"""

QUIZ = """
pass_mark = 70

[[questions]]
key = "layers"
kind = "single"
prompt = "Which layer is shared?"

[[questions.choices]]
text = "The data layer"
correct = true

[[questions.choices]]
text = "The ministry's website"
"""


def write_course(root, manifest=MANIFEST, quiz=QUIZ, lesson="## Why\n\nBecause."):
    course_dir = root / "courses" / "digital-platform-government"
    (course_dir / "lessons").mkdir(parents=True, exist_ok=True)
    (course_dir / "quizzes").mkdir(exist_ok=True)
    (course_dir / "course.toml").write_text(textwrap.dedent(manifest))
    (course_dir / "lessons" / "platforms.md").write_text(lesson)
    (course_dir / "quizzes" / "check.toml").write_text(quiz)
    return course_dir


def problems_of(root):
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return str(caught.value)


def test_the_projects_own_content_loads_without_problems():
    courses = load_content(PROJECT_CONTENT)
    slugs = {course.slug for course in courses}
    assert {"digital-platform-government", "change-management-government-innovation",
            "digital-leadership-governance", "good-practices-digital-transformation",
            "lokakarya-living-lab-spbe"} <= slugs
    for course in courses:
        lessons = [a for m in course.modules for a in m.activities if a.kind == "lesson"]
        quizzes = [a for m in course.modules for a in m.activities if a.kind == "quiz"]
        assert len(lessons) >= 3, course.slug
        assert len(quizzes) >= 1, course.slug
        assert course.jp > 0
    assert {c.language for c in courses} == {"en", "id"}


def test_lesson_markdown_is_rendered_and_raw_html_is_not(tmp_path):
    write_course(tmp_path, lesson="## Why\n\n<script>alert(1)</script> **bold**")
    [course] = load_content(tmp_path)
    body = course.modules[0].activities[0].body_html
    assert "<h2>Why</h2>" in body and "<strong>bold</strong>" in body
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_invalid_toml_names_the_file(tmp_path):
    write_course(tmp_path, quiz="pass_mark = = 70")
    assert "check.toml: invalid TOML" in problems_of(tmp_path)


def test_a_missing_lesson_file_names_the_file(tmp_path):
    course_dir = write_course(tmp_path)
    (course_dir / "lessons" / "platforms.md").unlink()
    assert "platforms.md: file not found" in problems_of(tmp_path)


def test_unknown_kind_names_the_kinds_allowed(tmp_path):
    write_course(tmp_path, manifest=MANIFEST.replace('kind = "lesson"', 'kind = "video"'))
    message = problems_of(tmp_path)
    assert "course.toml" in message and "kind must be one of lesson, quiz" in message


def test_a_single_choice_question_needs_exactly_one_right_answer(tmp_path):
    write_course(tmp_path, quiz=QUIZ + '\n[[questions.choices]]\ntext = "x"\ncorrect = true\n')
    assert "exactly one correct choice, found 2" in problems_of(tmp_path)


def test_requiring_an_unknown_activity_is_refused(tmp_path):
    write_course(tmp_path, manifest=MANIFEST.replace('requires = "platforms"',
                                                     'requires = "nowhere"'))
    assert "requires 'nowhere', which is not in this course" in problems_of(tmp_path)


def test_activities_requiring_each_other_are_refused(tmp_path):
    manifest = MANIFEST.replace('minutes = 30', 'minutes = 30\nrequires = "check"')
    write_course(tmp_path, manifest=manifest)
    assert "require each other in a circle" in problems_of(tmp_path)


def test_a_file_outside_the_course_folder_is_refused(tmp_path):
    write_course(tmp_path, manifest=MANIFEST.replace("lessons/platforms.md", "../../secret.md"))
    assert "file lies outside the course folder" in problems_of(tmp_path)


def test_every_bad_course_is_reported_at_once(tmp_path):
    write_course(tmp_path, quiz="broken = ")
    other = tmp_path / "courses" / "other"
    other.mkdir()
    (other / "course.toml").write_text('slug = "Other Course"')
    message = problems_of(tmp_path)
    assert "check.toml" in message and "slug must be lowercase" in message


def test_sync_twice_changes_nothing_the_second_time(db, tmp_path):
    write_course(tmp_path)
    first = sync_courses(load_content(tmp_path))
    second = sync_courses(load_content(tmp_path))
    assert first.created == 4  # course, module, two activities
    assert (second.created, second.updated, second.archived, second.deleted) == (0, 0, 0, 0)


@pytest.fixture
def done_lesson(db, tmp_path, make_program, make_cohort, make_user):
    """The synced course's lesson, completed by a participant of a cohort."""
    write_course(tmp_path)
    sync_courses(load_content(tmp_path))
    course = db.session.scalar(select(Course))
    enrollment = enroll(make_cohort(make_program([course])), make_user(), actor=None)
    lesson = db.session.scalar(select(Activity).filter_by(slug="platforms"))
    record_completion(enrollment, lesson)
    return lesson


def test_resync_after_an_edit_updates_text_and_keeps_progress(db, tmp_path, done_lesson):
    lesson = done_lesson

    write_course(tmp_path, manifest=MANIFEST.replace("From e-government to platforms",
                                                     "Platforms, not portals"),
                 lesson="## Why\n\nBecause platforms are shared.")
    report = sync_courses(load_content(tmp_path))

    db.session.refresh(lesson)
    assert report.updated == 1
    assert lesson.title == "Platforms, not portals"
    assert "shared" in lesson.body_html
    assert db.session.scalar(select(Completion)).activity_id == lesson.id


def test_a_removed_activity_with_completions_is_archived(db, tmp_path, done_lesson):
    lesson = done_lesson

    first_activity = MANIFEST.index("[[modules.activities]]")
    second_activity = MANIFEST.index('[[modules.activities]]\nslug = "check"')
    without_lesson = MANIFEST[:first_activity] + MANIFEST[second_activity:]
    write_course(tmp_path, manifest=without_lesson.replace('requires = "platforms"', ""))
    report = sync_courses(load_content(tmp_path))

    db.session.refresh(lesson)
    assert report.archived == 1 and report.deleted == 0
    assert lesson.archived_at is not None
    assert db.session.scalar(select(Completion)) is not None


def test_a_removed_activity_nobody_did_is_deleted(db, tmp_path):
    write_course(tmp_path)
    sync_courses(load_content(tmp_path))
    manifest = MANIFEST[:MANIFEST.index('[[modules.activities]]\nslug = "check"')]
    write_course(tmp_path, manifest=manifest)
    report = sync_courses(load_content(tmp_path))
    assert report.deleted == 1
    assert db.session.scalar(select(Activity).filter_by(slug="check")) is None


def test_a_renamed_module_keeps_activities_and_progress(db, tmp_path):
    write_course(tmp_path)
    sync_courses(load_content(tmp_path))
    lesson_id = db.session.scalar(select(Activity.id).filter_by(slug="platforms"))
    write_course(tmp_path, manifest=MANIFEST.replace('slug = "foundations"', 'slug = "basics"'))
    sync_courses(load_content(tmp_path))
    lesson = db.session.get(Activity, lesson_id)
    module = db.session.get(Module, lesson.module_id)
    assert module.slug == "basics"
    assert db.session.scalar(select(Module).filter_by(slug="foundations")) is None


def test_content_sync_command_reports_errors_and_changes_nothing(app, db, tmp_path):
    write_course(tmp_path, quiz="pass_mark = 0\n")
    result = app.test_cli_runner().invoke(args=["content", "sync", "--path", str(tmp_path)])
    assert result.exit_code != 0
    assert "pass_mark must be a whole number from 1 to 100" in result.output
    assert db.session.scalar(select(Course)) is None


def test_content_sync_command_syncs_and_is_idempotent(app, db, tmp_path):
    write_course(tmp_path)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["content", "sync", "--path", str(tmp_path)])
    second = runner.invoke(args=["content", "sync", "--path", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert "1 courses: 4 created" in first.output
    assert "0 created, 0 updated, 0 archived, 0 deleted" in second.output


def test_a_removed_course_in_a_program_is_archived_and_leaves_the_journey(
        db, make_courses, make_program):
    kept, dropped = make_courses(course_source("kept"), course_source("dropped"))
    make_program([kept, dropped])
    report = sync_courses([course_source("kept")])
    db.session.refresh(dropped)
    assert report.archived == 1
    assert dropped.archived_at is not None
    live = db.session.scalars(select(Activity).filter_by(course_id=dropped.id,
                                                         archived_at=None)).all()
    assert live == []


def test_a_removed_course_nobody_used_is_deleted(db, make_courses):
    make_courses(course_source("kept"), course_source("dropped"))
    report = sync_courses([course_source("kept")])
    assert report.deleted == 1
    assert db.session.scalar(select(Course).filter_by(slug="dropped")) is None
    assert db.session.scalar(select(Module).where(Module.course_id.not_in(
        select(Course.id)))) is None


def test_a_missing_content_folder_is_named(tmp_path):
    assert "courses: folder not found" in problems_of(tmp_path)
