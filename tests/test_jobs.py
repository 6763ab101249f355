"""Background jobs without Redis run in-process: at once, or, for work no one waits for,
after the response during a request."""
from app.jobs import enqueue, enqueue_after_response, enqueue_on_commit


def test_a_job_queued_during_a_request_runs_once_the_response_is_sent(app):
    done = []
    with app.test_request_context():
        enqueue_after_response(done.append, "sent")
        response = app.process_response(app.make_response("ok"))
    assert done == []
    response.close()  # what the server does once the response has gone out
    assert done == ["sent"]


def test_a_job_queued_outside_a_request_runs_at_once(app):
    done = []
    with app.app_context():
        enqueue_after_response(done.append, "after")
    assert done == ["after"]


def test_a_plain_job_runs_at_once_even_during_a_request(app):
    done = []
    with app.test_request_context():
        enqueue(done.append, "now")
        assert done == ["now"]


def test_a_failing_job_after_the_response_is_logged_not_raised(app, caplog):
    def fail():
        raise RuntimeError("the LRS is down")

    with app.test_request_context():
        enqueue_after_response(fail)
        response = app.process_response(app.make_response("ok"))
    response.close()
    assert "Background job" in caplog.text and "the LRS is down" in caplog.text


def test_a_job_on_commit_starts_once_the_transaction_commits(db):
    done = []
    enqueue_on_commit(done.append, "committed")
    db.session.flush()
    assert done == []
    db.session.commit()
    db.session.commit()
    assert done == ["committed"]


def test_a_job_on_commit_of_a_rolled_back_transaction_never_starts(db):
    done = []
    enqueue_on_commit(done.append, "rolled back")
    db.session.rollback()
    db.session.commit()
    assert done == []
