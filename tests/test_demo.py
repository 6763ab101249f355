"""`flask seed demo` builds a usable installation and can run again."""
from sqlalchemy import func, select

from app.auth.models import User
from app.cohorts.models import Attendance, Cohort, CohortSession, Enrollment
from app.courses.models import Completion
from tests.conftest import PASSWORD


def counts(db):
    return [db.session.scalar(select(func.count(model.id)))
            for model in (User, Cohort, Enrollment, Completion, CohortSession, Attendance)]


def test_seed_demo_twice_gives_one_account_per_role_and_some_progress(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo", "--password", "demo-password-1"])
    after_first = counts(db)
    second = runner.invoke(args=["seed", "demo"])
    assert counts(db) == after_first
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "Password of every demo account:" in second.output

    roles = set()
    for user in db.session.scalars(select(User)):
        roles |= user.roles
    assert roles == {"admin", "organiser", "coach", "mentor", "participant"}
    users, cohorts, enrollments, completions, sessions, attendance = after_first
    assert (cohorts, enrollments, sessions) == (2, 5 + 16, 6)
    assert completions > 4 and attendance == 3 * 18
    dewi = db.session.scalar(select(Enrollment).join(User, User.id == Enrollment.user_id)
                             .where(User.email == "participant@madangan.example")
                             .order_by(Enrollment.id))
    assert dewi.coach_id is not None and dewi.mentor_id is not None


def test_demo_participant_can_sign_in_and_sees_the_program(app, db, client):
    app.test_cli_runner().invoke(args=["seed", "demo", "--password", "demo-password-1"])
    response = client.post("/sign-in", data={"email": "participant@madangan.example",
                                             "password": "demo-password-1"})
    assert response.status_code == 302
    page = client.get("/").text
    assert "Digital Leadership for Regional Government" in page
    assert "Lokakarya Living Lab SPBE" in page


def test_the_demo_participant_has_jp_to_look_at(app, db, client, sign_in_en):
    """The first sessions of the demo round are over and Dewi came to them, so her JP page shows
    a chart rather than an empty state: 4 + 4 + 6 JP of the 20 a year asks."""
    app.test_cli_runner().invoke(args=["seed", "demo", "--password", PASSWORD])
    sign_in_en(db.session.scalar(select(User).filter_by(email="participant@madangan.example")))

    page = client.get("/jp?year=2026").text

    assert "14 of 20 JP in 2026" in page
    assert 'role="img"' in page
    assert page.count("Kunjungan ke Digital Services Living Lab, Sumedang") == 1
