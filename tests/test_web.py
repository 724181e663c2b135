"""Pages and API through Flask's test client."""
import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from indexer.build import rebuild
from search_web import create_app


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str):
    parser = _Collector()
    parser.feed(html)
    return parser.tags


def test_home_page_has_a_labelled_search_form(client):
    page = client.get("/").get_data(as_text=True)
    assert "12 articles indexed" in page
    assert ("label", {"for": "q", "class": "visually-hidden"}) in tags(page)
    assert any(t == "input" and a.get("name") == "q" for t, a in tags(page))


def test_results_page(client):
    response = client.get("/search?q=Russia+Belarus+joint+military+exercise")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    first_link = next(a["href"] for t, a in tags(page) if t == "a" and a.get("href", "").startswith("/article/"))
    assert first_link.startswith("/article/text/belarus-exercise.txt")
    assert "<mark>Russia</mark>" in page
    assert "Example Television" in page and "results for" in page and " ms)" in page


def test_results_show_date_and_link_to_original(client):
    page = client.get("/search?q=storm").get_data(as_text=True)
    assert '<time datetime="2021-12-03T08:15:00+01:00">3 Dec 2021</time>' in page
    assert 'href="https://gazette.example/news/storm-closes-coastal-roads"' in page


def test_pagination_links(client):
    page = client.get("/search?q=military+OR+harvest+OR+storm+OR+oil+OR+school&limit=2").get_data(as_text=True)
    assert 'aria-current="page">1<' in page and "page=2" in page and 'rel="next"' in page


def test_article_page(client):
    page = client.get("/article/wire-001?q=oil").get_data(as_text=True)
    assert '<h1 lang="en" dir="ltr">Oil prices climb as supply tightens</h1>' in page
    assert "<p>Oil prices rose for a third day on Monday.</p>" in page
    assert "By Ann Smith, Bo Lee" in page
    assert 'href="https://wire.example/oil-001"' in page
    assert "Back to results for" in page


def test_article_ids_with_slashes_and_hashes(client):
    assert client.get("/article/text/belarus-exercise.txt").status_code == 200


def test_unknown_article_is_404_page(client):
    response = client.get("/article/nope")
    assert response.status_code == 404 and "No article with id" in response.get_data(as_text=True)


def test_empty_and_unsearchable_queries_are_friendly(client):
    for q in ["", "   ", "the of", "((", '"', "U.S .", "NATIONS'", "Levitation-Maglev"]:
        response = client.get("/search", query_string={"q": q})
        assert response.status_code == 200, q


def test_bad_parameters_are_400_with_message(client):
    response = client.get("/search?q=x&page=abc")
    assert response.status_code == 400 and "must be a whole number" in response.get_data(as_text=True)
    assert client.get("/search?q=x&page=0").status_code == 400
    assert client.get("/api/search?q=x&limit=5000").status_code == 400


def test_api_search_shape(client):
    data = client.get("/api/search?q=oil&limit=2").get_json()
    assert data["query"] == "oil" and data["page"] == 1 and data["limit"] == 2
    hit = data["hits"][0]
    assert {"id", "title", "url", "source", "published", "score", "snippet"} <= set(hit)


def test_api_snippet_as_text_and_spans(client):
    """The API gives the snippet as plain text with match offsets, for clients that render it themselves."""
    hit = client.get("/api/search?q=oil&limit=1").get_json()["hits"][0]
    marked = [hit["snippet_text"][start:end] for start, end in hit["highlights"]]
    assert marked and all(word.lower() == "oil" for word in marked)
    assert hit["snippet"].count("<mark>") == len(marked)


def test_api_errors_are_json(client):
    response = client.get("/api/search?q=x&page=-1")
    assert response.status_code == 400 and response.get_json()["message"].startswith("page must be")
    assert client.get("/api/article/nope").get_json()["status"] == 404


def test_api_article(client):
    data = client.get("/api/article/reuters-101").get_json()
    assert data["title"] == "COCOA SHOWERS HELP CROP" and data["categories"] == ["cocoa", "brazil", "usa"]


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "articles": 12, "generation": "gen-000001"}


def test_no_index_yet_is_503_not_500(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    assert client.get("/search?q=x").status_code == 503
    assert client.get("/healthz").status_code == 503


def test_new_generation_is_served_without_restart(fixture_corpus, tmp_path):
    index_dir = tmp_path / "index"
    rebuild([fixture_corpus / "text"], index_dir)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/api/search?q=storm").get_json()["total"] == 0
    rebuild([fixture_corpus], index_dir)
    assert client.get("/api/search?q=storm").get_json()["total"] == 1


def test_hostile_article_text_is_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.jsonl").write_text(
        '{"id": "evil", "title": "<script>alert(1)</script> attack", '
        '"body": "attack <img src=x onerror=alert(2)> text", "url": "javascript:alert(3)", '
        '"source": "<b>Bad</b>"}\n')
    rebuild([corpus], tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    for url in ["/search?q=attack", "/article/evil"]:
        page = client.get(url).get_data(as_text=True)
        found = tags(page)
        assert not any(t == "script" and not a.get("src", "").startswith("/static/") for t, a in found)
        assert not any(t == "img" for t, _ in found)
        assert not any(t == "b" for t, _ in found)
        assert not any(a.get("href", "").startswith("javascript:") for _, a in found)
        assert "&lt;script&gt;" in page


def test_did_you_mean_links_the_corrected_query(client):
    page = client.get("/search?q=milotary+parade").get_data(as_text=True)
    links = [a["href"] for t, a in tags(page) if t == "a" and "military+parade" in a.get("href", "")]
    assert "Did you mean" in page and links and links[0].startswith("/search?q=military+parade")


def test_article_page_leads_back_to_the_same_filtered_search(facets_client):
    results = facets_client.get("/search?q=bank&source=Reuters&sort=newest").get_data(as_text=True)
    link = re.search(r'<h2[^>]*><a href="(/article/[^"]+)"', results)[1]
    assert "source=Reuters" in link and "sort=newest" in link
    page = facets_client.get(html.unescape(link)).get_data(as_text=True)
    back = re.search(r'<p class="back"><a href="([^"]+)"', page)[1]
    assert parse_qs(urlsplit(html.unescape(back)).query) == {"q": ["bank"], "sort": ["newest"], "source": ["Reuters"]}
    assert 'name="q" type="search" value="bank"' in page  # the search box still holds the query


def test_article_page_with_a_mangled_search_still_shows_the_article(client):
    response = client.get("/article/wire-001?q=oil&page=abc")
    assert response.status_code == 200
    assert '<h1 lang="en" dir="ltr">Oil prices climb as supply tightens</h1>' in response.get_data(as_text=True)
