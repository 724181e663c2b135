"""The site shows untrusted text (articles, queries) and must never turn it into markup that runs,
a header, or an error that leaks internals (OWASP XSS prevention, secure headers).

Pages are parsed and their elements and attributes checked, never grepped.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import search_web
from indexer.build import rebuild
from indexer.search import FACETS
from search_web import create_app
from search_web.security import HEADERS

PAYLOADS = [
    "<script>alert('s1')</script>",
    '<img src=x onerror="alert(2)">',
    '"><svg/onload=alert(3)>',
    "'><body onpageshow=alert(4)>",
    '<a href="javascript:alert(5)">click</a>',
    "&lt;script&gt;alert(6)&lt;/script&gt; &#60;script&#62;alert(6)&#60;/script&#62;",
    "<iframe src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==\"></iframe>",
    "</title></textarea></noscript><script>alert(8)</script>",
    "<scr<script>ipt>alert(9)</scr</script>ipt>",
    "<style>body{display:none}</style><base href=//evil.example/>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(10)'>",
    "<p style=\"background:url(javascript:alert(11))\">styled</p>",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %} ${7*7}",
    "<!-- unclosed comment <![CDATA[ x ]]> <math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
]
EVERYTHING = " ".join(PAYLOADS)
BREAKOUT_URL = "https://ok.example/\"><script>alert(7)</script>"  # a fine link, if its quote stays inside
BAD_URLS = [
    "javascript:alert(1)", " JaVaScRiPt:alert(2)", "java\tscript:alert(3)", "\x01javascript:alert(4)",
    "data:text/html,<script>alert(5)</script>", "vbscript:msgbox(6)", BREAKOUT_URL, "//evil.example/x",
    "http:javascript:alert(9)",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background",
                  "ping", "cite", "longdesc", "manifest", "codebase"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "portal"}
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
SOURCE_ROOT = str(Path(search_web.__file__).resolve().parents[1])
LEAKS = ("Traceback", 'File "', SOURCE_ROOT, "site-packages")


def hostile_records() -> list[dict]:
    """One article per payload in every text field (and its id), and one per dangerous URL."""
    records = [{"id": f"hostile-{n}{payload}", "title": f"alert {payload}",
                "body": f"alert body {payload}\n\n{payload}", "source": payload, "authors": [payload, f"Reporter {n}"],
                "url": BAD_URLS[n % len(BAD_URLS)], "section": payload, "categories": [payload], "language": payload[:20],
                "published": f"2021-0{n % 9 + 1}-1{n % 9}T10:00:00+00:00"}
               for n, payload in enumerate(PAYLOADS)]
    records += [{"id": f"url-{n}", "title": f"alert link {n}", "body": "alert body", "url": url}
                for n, url in enumerate(BAD_URLS)]
    return records


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    (corpus / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in hostile_records()) + "\n", "utf-8")
    index_dir = tmp_path_factory.mktemp("hostile-index")
    report = rebuild([corpus], index_dir)
    assert report.indexed == len(hostile_records())
    return index_dir


@pytest.fixture(scope="module")
def hostile(hostile_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(hostile_index)}).test_client()


class _Markup(HTMLParser):
    """Elements, attributes and text of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.script_text: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.script_text if self._in_script else self.text).append(data)


def parse_page(page: str) -> _Markup:
    markup = _Markup()
    markup.feed(page)
    markup.close()
    return markup


def _scheme(url: str) -> str:
    cleaned = _IGNORED_IN_URLS.sub("", url).lower()
    return cleaned.split(":", 1)[0] if re.match(r"^[a-z][a-z0-9+.-]*:", cleaned) else ""


def assert_no_executable_markup(page: str) -> _Markup:
    """Only our own scripts (same-origin files, no inline code); no handlers, dangerous URLs or frames."""
    markup = parse_page(page)
    for tag, attributes in markup.elements:
        assert tag not in FORBIDDEN_ELEMENTS, (tag, attributes)
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert "style" not in attributes, (tag, attributes)  # none of ours: CSP forbids inline styles
        if tag == "script":
            assert attributes.get("src", "").startswith("/static/"), attributes
        if tag == "meta":
            assert "http-equiv" not in attributes or attributes["http-equiv"].lower() != "refresh", attributes
        for name in URL_ATTRIBUTES & set(attributes):
            assert _scheme(attributes[name]) in ("", "http", "https"), (tag, name, attributes[name])
    assert not "".join(markup.script_text).strip()
    return markup


def assert_safe_response(response) -> None:
    """Whatever the page type: no leaked internals, no markup that runs, and the types browsers must not sniff."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:300]
    assert not any(leak in body for leak in LEAKS), body[:300]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if response.mimetype == "text/html":
        assert_no_executable_markup(body)
    elif response.mimetype == "application/json":
        json.loads(body)
    elif response.mimetype.endswith("xml"):  # the Atom feed and the OpenSearch description
        document = ElementTree.fromstring(response.get_data())
        assert not any(e.tag.rsplit("}", 1)[-1] == "script" or any(a.startswith("on") for a in e.attrib)
                       for e in document.iter())
    else:
        raise AssertionError(f"unexpected type {response.mimetype} for {response.request.url}")


def all_page_urls(client) -> list[str]:
    """Every page type over the hostile index: home, results (with pages), each article, help, API, feed, errors."""
    ids = [hit["id"] for hit in client.get("/api/search?q=alert&limit=100").get_json()["hits"]]
    assert len(ids) == len(hostile_records())
    urls = ["/", "/help", "/search?q=alert", "/search?q=alert&limit=2&page=3", "/search?q=*&sort=newest",
            "/api/search?q=alert", "/search.atom?q=alert", "/healthz", "/api/openapi.json", "/opensearch.xml"]
    for article_id in ids:
        urls += [f"/article/{quote(article_id, safe='')}?q=alert", f"/api/article/{quote(article_id, safe='')}"]
    return urls


def test_every_page_type_shows_hostile_articles_as_text(hostile):
    for url in all_page_urls(hostile):
        response = hostile.get(url)
        assert response.status_code in (200,), url
        assert_safe_response(response)


def test_article_page_keeps_the_hostile_text_visible(hostile):
    """Escaped, not dropped: the reader sees exactly what the article says."""
    for hit in hostile.get("/api/search?q=alert&limit=100").get_json()["hits"]:
        page = parse_page(hostile.get(f"/article/{quote(hit['id'], safe='')}").get_data(as_text=True))
        assert hit["title"] in "".join(page.text)


def test_original_urls_become_links_only_when_http(hostile):
    for n, url in enumerate(BAD_URLS):
        page = assert_no_executable_markup(hostile.get(f"/article/url-{n}").get_data(as_text=True))
        hrefs = [a.get("href", "") for tag, a in page.elements if tag == "a"]
        if url == BREAKOUT_URL:
            assert url in hrefs
        else:
            assert not any("evil.example" in href or "alert" in href for href in hrefs), (url, hrefs)


@pytest.mark.parametrize("path", ["/", "/search", "/api/search", "/search.atom", "/help", "/article/url-0",
                                  "/article/missing", "/api/article/url-0", "/healthz"])
def test_no_parameter_is_reflected_as_markup(hostile, path):
    for name in ["q", "page", "limit", "sort", "from", "to", *FACETS, "unknown"]:
        for value in (EVERYTHING, PAYLOADS[1]):
            assert_safe_response(hostile.get(path, query_string={name: value}))


def test_query_in_pagination_links_is_escaped(hostile):
    for payload in PAYLOADS:
        response = hostile.get("/search", query_string={"q": f"alert {payload}", "limit": 1})
        page = assert_no_executable_markup(response.get_data(as_text=True))
        assert any(tag == "a" and a.get("rel") == "next" for tag, a in page.elements), payload


def test_hostile_path_is_not_reflected_as_markup(hostile):
    for payload in PAYLOADS:
        for prefix in ("/article/", "/api/article/", "/no-such-page/"):
            response = hostile.get(prefix + quote(payload, safe=""))
            assert response.status_code == 404
            assert_safe_response(response)


INJECTIONS = ["x\r\nSet-Cookie: injected=1", "x%0d%0aSet-Cookie:%20injected=1", "x\nX-Injected: 1",
              "x\u2028X-Injected: 1", "x\rLocation: https://evil.example/"]


def test_no_parameter_reaches_a_header(hostile):
    for path in ["/", "/search", "/api/search", "/search.atom", "/article/url-0", "/help", "/search/"]:
        for name in ["q", "page", "limit", "sort", "from", "to", "source", "next", "url"]:
            for value in INJECTIONS:
                response = hostile.get(path, query_string={name: value})
                assert response.status_code < 500
                assert "Set-Cookie" not in response.headers and "X-Injected" not in response.headers
                assert "evil.example" not in response.headers.get("Location", "")
                assert not any("\r" in v or "\n" in v or "injected" in v.lower() for _, v in response.headers)


def test_security_headers_on_every_response(hostile, tmp_path):
    unbuilt = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    responses = [hostile.get(url) for url in all_page_urls(hostile)[:12]]
    responses += [hostile.get(f"/static/{name}") for name in ("style.css", "refine.js", "favicon.svg")]
    responses += [hostile.get("/search?page=x"), hostile.get("/api/search?limit=0"), hostile.get("/nowhere"),
                  hostile.post("/search"), hostile.head("/"), hostile.options("/api/search"),
                  unbuilt.get("/search?q=x"), unbuilt.get("/healthz")]
    assert {r.status_code for r in responses} >= {200, 400, 404, 405, 503}
    for response in responses:
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (response.request.url, name)
    policy = HEADERS["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy and "script-src 'self'" in policy


def test_unexpected_error_is_a_500_page_with_headers_and_no_internals(hostile_index, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError(f"secret detail from {SOURCE_ROOT}/indexer/search/engine.py")

    client = create_app({"TESTING": False, "INDEX_DIR": str(hostile_index)}).test_client()
    monkeypatch.setattr("search_web.pages.search", explode)
    monkeypatch.setattr("search_web.api.search", explode)
    for url in ["/search?q=alert", "/api/search?q=alert"]:
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 500
        assert not any(leak in body for leak in LEAKS) and "secret detail" not in body
        assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]


@pytest.mark.parametrize("examples", [pytest.param(60, id="fast"),
                                      pytest.param(1000, id="thorough", marks=pytest.mark.slow)])
def test_results_page_escapes_any_query(hostile, examples):
    markup_soup = st.lists(st.sampled_from(PAYLOADS + ["alert", '"', "'", "<", ">", "&", "&amp;", "\x00", "\ufeff",
                                                       "title:", "AND", "(", "*", " "]), max_size=8).map("".join)

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(st.text(max_size=300), markup_soup), st.sampled_from(["/search", "/api/search", "/search.atom"]))
    def check(query, path):
        response = hostile.get(path, query_string={"q": query, "limit": 2})
        assert response.status_code == 200
        assert_safe_response(response)

    check()


@pytest.mark.parametrize("page", [
    "<p><img src=x onerror=alert(1)></p>", "<script>alert(1)</script>", "<script src=//evil.example/x.js></script>",
    '<a href=" JaVa\tScript:alert(1)">x</a>', "<a href='data:text/html,x'>x</a>", "<iframe src=/x></iframe>",
    "<svg><a xlink:href='javascript:alert(1)'>x</a></svg>", "<meta http-equiv=Refresh content='0;url=/x'>",
    "<p style='x'>y</p>", "<form action=javascript:alert(1)><button>x</button></form>",
])
def test_the_markup_check_catches_what_it_must(page):
    with pytest.raises(AssertionError):
        assert_no_executable_markup(f"<!doctype html><html><body>{page}</body></html>")
