"""The health answer: constant, and free of database queries and cookies."""


def test_health_answers_ok_without_queries_or_cookies(client, count_queries):
    with count_queries() as statements:
        response = client.get("/health")
    assert response.status_code == 200 and response.text == "ok"
    assert statements == [] and "Set-Cookie" not in response.headers
