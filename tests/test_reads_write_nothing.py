"""A GET never writes: every request the suite's client sends that only reads (GET, HEAD,
OPTIONS) fails its test if it commits (the guard in conftest.py). Here, that the guard holds."""
import pytest

from tests.conftest import CommitInARead, serving_a_request


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_a_read_that_commits_fails(app, db, method):
    with app.test_request_context("/certificates", method=method), serving_a_request():
        with pytest.raises(CommitInARead, match=f"{method} /certificates committed"):
            db.session.commit()


def test_a_post_may_commit(app, db):
    with app.test_request_context("/certificates", method="POST"), serving_a_request():
        db.session.commit()


def test_a_savepoint_inside_a_read_is_not_its_commit(app, db):
    """Services take savepoints for races; only the request's own commit counts."""
    with app.test_request_context("/certificates"), serving_a_request():
        with db.session.begin_nested():
            pass
