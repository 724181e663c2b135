"""OpenSearch description: lets browsers add this site as a search engine from any page."""
from __future__ import annotations

from flask import Blueprint, Response, url_for

from .xmldoc import XmlDocument

OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
MIMETYPE = "application/opensearchdescription+xml"

bp = Blueprint("opensearch", __name__)


def _template(endpoint: str) -> str:
    return url_for(endpoint, _external=True) + "?q={searchTerms}&page={startPage?}"


def description() -> bytes:
    """The description document, with result templates for the page, the Atom feed and the JSON API."""
    document = XmlDocument(OPENSEARCH, "OpenSearchDescription")

    def add(tag: str, text: str | None = None, **attributes: str) -> None:
        document.add(document.root, tag, text, **attributes)

    add("ShortName", "News search")
    add("Description", "Search the news archive: full text, outlets, dates.")
    add("InputEncoding", "UTF-8")
    add("OutputEncoding", "UTF-8")
    add("Url", type="text/html", method="get", template=_template("pages.results"))
    add("Url", type="application/atom+xml", method="get", template=_template("feeds.search_feed"))
    add("Url", type="application/json", method="get", template=_template("api.api_search"))
    add("Url", type=MIMETYPE, rel="self", template=url_for("opensearch.opensearch_description", _external=True))
    return document.to_bytes()


@bp.get("/opensearch.xml")
def opensearch_description() -> Response:
    return Response(description(), mimetype=MIMETYPE)
