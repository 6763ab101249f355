"""Whatever goes wrong, the API answers with RFC 9457 problem details, and the web pages keep
their own error pages."""
from app.extensions import limiter
from tests.api.conftest import assert_problem


def test_an_unknown_address_under_the_api_is_a_problem(api_as, organiser):
    body = assert_problem(api_as(organiser).get("/api/v1/no-such-thing"), 404)
    assert body["instance"] == "/api/v1/no-such-thing"


def test_a_method_the_endpoint_does_not_take_is_a_problem(api_as, organiser, program):
    assert_problem(api_as(organiser).delete(f"/api/v1/programs/{program.id}"), 405)


def test_a_request_without_a_token_is_a_problem_with_a_bearer_challenge(client):
    response = client.get("/api/v1/programs")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")


def test_an_unknown_token_is_refused_as_invalid(client):
    response = client.get("/api/v1/programs", headers={"Authorization": "Bearer mdg_forged"})
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_web_pages_keep_their_html_error_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_the_problem_speaks_the_language_the_caller_accepts(client):
    indonesian = client.get("/api/v1/programs", headers={"Accept-Language": "id"}).get_json()
    english = client.get("/api/v1/programs", headers={"Accept-Language": "en"}).get_json()
    assert indonesian["detail"] != english["detail"]
    assert english["detail"].startswith("Send a valid personal access token")


def test_each_token_is_rate_limited_with_a_problem_and_retry_after(app, api_as, organiser):
    limiter.reset()
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        caller = api_as(organiser)
        for _ in range(3):
            assert caller.get("/api/v1/programs").status_code == 200
        response = caller.get("/api/v1/programs")
        assert_problem(response, 429)
        assert int(response.headers["Retry-After"]) > 0
        assert api_as(organiser).get("/api/v1/programs").status_code == 200  # another token
    finally:
        app.config["API_RATE_LIMIT"] = "120 per minute"
        limiter.reset()


def test_the_openapi_document_needs_no_token_and_declares_3_1(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "application/problem+json" in spec["components"]["responses"]["DEFAULT_ERROR"][
        "content"]
