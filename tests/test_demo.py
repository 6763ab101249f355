"""`flask seed demo` builds a usable installation and can run again."""
from sqlalchemy import func, select

from app.auth.models import User
from app.cohorts.models import Cohort, Enrollment
from app.courses.models import Completion


def test_seed_demo_twice_gives_one_account_per_role_and_some_progress(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo", "--password", "demo-password-1"])
    second = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "Password of every demo account:" in second.output

    roles = set()
    for user in db.session.scalars(select(User)):
        roles |= user.roles
    assert roles == {"admin", "organiser", "coach", "mentor", "participant"}
    assert db.session.scalar(select(func.count(Cohort.id))) == 2
    assert db.session.scalar(select(func.count(Enrollment.id))) == 5
    assert db.session.scalar(select(func.count(Completion.id))) == 4


def test_demo_participant_can_sign_in_and_sees_the_program(app, db, client):
    app.test_cli_runner().invoke(args=["seed", "demo", "--password", "demo-password-1"])
    response = client.post("/sign-in", data={"email": "participant@madangan.example",
                                             "password": "demo-password-1"})
    assert response.status_code == 302
    page = client.get("/").text
    assert "Digital Leadership for Regional Government" in page
    assert "Lokakarya Living Lab SPBE" in page
