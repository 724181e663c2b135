"""/api/openapi.json stays true: real answers of every JSON endpoint are validated against it with openapi-core."""
import pytest

openapi_core = pytest.importorskip("openapi_core", reason="openapi-core not installed: pip install -e '.[test]'")
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

from search_web import create_app

SEARCHES = ["/api/search?q=city", ("/api/search?q=city&sort=newest&from=2020-01-01&to=2023-12-31&source=Reuters"
                                   "&source=The+Guardian&year=2023&month=2023-03&category=economy&language=en"
                                   "&author=Ann+Smith&limit=3"),
            "/api/search?q=*&page=2&limit=5&sort=oldest", "/api/search?q=zzzz", "/api/search?q=central+bank+rates",
            "/api/trends?q=city", "/api/trends?q=city&q=bank&q=zzzz&interval=month&source=Reuters&from=2020-01-01",
            "/api/trends?q=city&q=*&interval=week", "/api/status"]
EMPTY_VALUES = ["/api/search", "/api/search?q=", "/api/search?q=city&from=&to=&sort="]  # as a GET form sends them
ERRORS = ["/api/search?q=x&sort=popular", "/api/search?q=x&from=soon", "/api/search?q=x&page=0",
          "/api/trends", "/api/trends?q=a&q=b&q=c&q=d&q=e&q=f", "/api/trends?q=x&interval=decade",
          "/api/article/missing"]


@pytest.fixture(scope="module")
def openapi(facets_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(facets_index)}).test_client()
    return openapi_core.OpenAPI.from_dict(client.get("/api/openapi.json").get_json())  # validates the document


def validate(openapi, client, url: str, status: int):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    openapi.validate_response(WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response))
    return response


@pytest.mark.parametrize("url", SEARCHES)
def test_search_answers_match_the_description(openapi, facets_client, url):
    response = validate(openapi, facets_client, url, 200)
    openapi.validate_request(WerkzeugOpenAPIRequest(response.request))


@pytest.mark.parametrize("url", EMPTY_VALUES)
def test_answers_to_empty_parameters_match_the_description(openapi, facets_client, url):
    validate(openapi, facets_client, url, 200)


@pytest.mark.parametrize("url", ERRORS)
def test_error_answers_match_the_description(openapi, facets_client, url):
    validate(openapi, facets_client, url, 404 if "article" in url else 400)


@pytest.mark.parametrize("article_id", ["rates-reuters", "undated-note", "museum-2021"])
def test_article_answers_match_the_description(openapi, facets_client, article_id):
    data = validate(openapi, facets_client, f"/api/article/{article_id}", 200).get_json()
    assert "related" in data and "versions" in data


def test_health_and_the_description_itself(openapi, facets_client, tmp_path):
    validate(openapi, facets_client, "/healthz", 200)
    validate(openapi, facets_client, "/api/openapi.json", 200)
    unbuilt = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    validate(openapi, unbuilt, "/healthz", 503)
    validate(openapi, unbuilt, "/api/search?q=x", 503)


def test_a_bad_request_is_caught_by_the_description_too(openapi, facets_client):
    response = facets_client.get("/api/search?q=x&sort=popular")
    with pytest.raises(openapi_core.validation.request.exceptions.RequestValidationError):
        openapi.validate_request(WerkzeugOpenAPIRequest(response.request))


def test_every_json_route_is_described(openapi, app):
    described = set(app.test_client().get("/api/openapi.json").get_json()["paths"])
    routes = {rule.rule.replace("<path:article_id>", "{id}") for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/") or rule.rule == "/healthz"}
    assert routes == described
