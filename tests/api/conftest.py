"""Calling the API as a cast member, with a personal access token of theirs."""
import pytest

from app.api.tokens import create_token


@pytest.fixture
def make_token(db):
    """A token for `user` (read-only unless scope="write"); returns the token string."""
    def make(user, scope="read", **kwargs):
        _api_token, token = create_token(user, "Test token", scope, **kwargs)
        db.session.flush()
        return token

    return make


class ApiCaller:
    """The test client with a bearer token on every request, asking for English answers so
    tests can quote the messages as the code has them."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def _headers(self, kwargs):
        return {"Authorization": f"Bearer {self.token}", "Accept-Language": "en",
                **kwargs.pop("headers", {})}

    def get(self, url, **kwargs):
        return self.client.get(url, headers=self._headers(kwargs), **kwargs)

    def post(self, url, **kwargs):
        return self.client.post(url, headers=self._headers(kwargs), **kwargs)

    def delete(self, url, **kwargs):
        return self.client.delete(url, headers=self._headers(kwargs), **kwargs)


@pytest.fixture
def api_as(client, make_token):
    """`api_as(user).get("/api/v1/…")`; `api_as(user, "write")` for a token that may write."""
    def caller(user, scope="read"):
        return ApiCaller(client, make_token(user, scope))

    return caller


def assert_problem(response, status):
    """The response is an RFC 9457 problem with this status; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["detail"] and body["instance"]
    return body
