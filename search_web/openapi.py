"""OpenAPI 3.1 description of the JSON API, served at /api/openapi.json and checked against real answers by tests."""
from __future__ import annotations

from flask import Blueprint, jsonify

from indexer.search import ARTICLE_FIELDS, FACETS, INTERVALS, MAX_QUERIES, SORTS

from .params import PAGE_SIZE

bp = Blueprint("openapi", __name__)

_FACET_FORMATS = {"year": r"^\d{4}$", "month": r"^\d{4}-\d{2}$"}
_FACET_HELP = {"source": "outlet", "year": "YYYY", "month": "YYYY-MM", "category": "topic",
               "language": "language code", "author": "author name"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": [name for name in properties if name not in optional]}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_STRING = {"type": "string"}
_STRINGS = {"type": "array", "items": _STRING}
_ERROR = _json(_ref("Error"), "An error, with a message saying what is wrong")
_FIELD = {f.name: f.api_schema for f in ARTICLE_FIELDS}  # the article's fields, as the field map declares them


def _fields(*names: str) -> dict:
    return {name: _FIELD[name] for name in names}


_SCHEMAS = {
    "Version": _object(_fields("id", "title", "source", "published")),
    "Hit": _object({
        **_fields("id", "title", "url", "source", "published"),
        "score": {"type": "number"},
        "snippet": {"type": "string", "description": "HTML-escaped text with matches in <mark>"},
        "snippet_text": {"type": "string", "description": "the snippet as plain text"},
        "highlights": {"type": "array", "description": "[start, end) character offsets of each match in snippet_text",
                       "items": {"type": "array", "items": {"type": "integer", "minimum": 0},
                                 "minItems": 2, "maxItems": 2}},
        **_fields("authors", "language"), "rank": {"type": "integer", "minimum": 1},
        "duplicates": {**_STRINGS, "description": "ids of the other versions of the same story"},
        "versions": {"type": "array", "items": _ref("Version")},
    }),
    "FacetValue": _object({"value": _STRING, "count": {"type": "integer", "minimum": 1}}),
    "Bucket": _object({"label": _STRING, "start": {"type": "string", "format": "date"},
                       "end": {"type": "string", "format": "date"}, "count": {"type": "integer", "minimum": 0}}),
    "SearchResults": _object({
        "query": _STRING, "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
        "limit": {"type": "integer", "minimum": 1}, "pages": {"type": "integer", "minimum": 1},
        "sort": {"enum": list(SORTS)}, "elapsed_ms": {"type": "number"}, "generation": _STRING,
        "message": {"type": "string", "description": "set when the query is empty or the answer partial"},
        "partial": {"type": "boolean"},
        "suggestion": {"type": ["string", "null"], "description": "did you mean: the query with likelier words"},
        "hits": {"type": "array", "items": _ref("Hit")},
        "facets": {**_object({name: {"type": "array", "items": _ref("FacetValue")} for name in FACETS}),
                   "description": "the most frequent values among all matches, after the filters"},
        "timeline": _ref("Timeline"),
        "significant_terms": {"type": "array", "items": _ref("SignificantTerm"),
                              "description": "the words most over-represented in the best matches against the "
                                             "whole archive (JLH), most distinctive first"},
    }),
    "Timeline": _object({"unit": {"enum": ["year", "month", "day", ""]},
                         "buckets": {"type": "array", "items": _ref("Bucket")}}),
    "SignificantTerm": _object({
        "term": {"type": "string", "description": "the word, as most often written"},
        "score": {"type": "number", "minimum": 0},
        "matches": {"type": "integer", "minimum": 1,
                    "description": "how many of the best few hundred matches (stories) hold it"}}),
    "TrendPoint": _object({
        "period": {"type": "string", "description": "1987, 1987-03, 1987-W10 (ISO week) or 1987-03-02"},
        "count": {"type": "integer", "minimum": 0, "description": "stories matching the query"},
        "total": {"type": "integer", "minimum": 0, "description": "all stories passing the filters"},
        "share": {"type": "number", "minimum": 0, "maximum": 1, "description": "count / total (0 when none)"},
        "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}}),
    "TrendSeries": _object({
        "query": _STRING, "matches": {"type": "integer", "minimum": 0, "description": "stories matching"},
        "undated": {"type": "integer", "minimum": 0, "description": "of those, stories with no date (not counted "
                                                                    "in any period)"},
        "message": {"type": "string", "description": "why a query matched nothing, if it could not be read"},
        "points": {"type": "array", "items": _ref("TrendPoint")}}),
    "Trends": _object({
        "interval": {"enum": [*INTERVALS, ""], "description": "chosen to fit the matches' dates unless asked for"},
        "series": {"type": "array", "items": _ref("TrendSeries")},
        "generation": _STRING, "elapsed_ms": {"type": "number"}, "partial": {"type": "boolean"}}),
    "Status": _object({
        "generation": _STRING, "articles": {"type": "integer", "minimum": 0},
        "stories": {"type": "integer", "minimum": 0, "description": "each group of versions once"},
        "outlets": {"type": "integer", "minimum": 0},
        "top_outlets": {"type": "array", "items": _ref("FacetValue"), "description": "articles per outlet"},
        "languages": {"type": "array", "items": _ref("FacetValue"), "description": "articles per language"},
        "first_day": {"type": ["string", "null"], "format": "date"},
        "last_day": {"type": ["string", "null"], "format": "date"},
        "undated": {"type": "integer", "minimum": 0, "description": "stories with no date"},
        "timeline": _ref("Timeline"),
        "last_build": {"type": "object", "description": "what the last rebuild or update recorded: kind, built_at, "
                                                        "elapsed_seconds, files, indexed, skipped (by reason), "
                                                        "not_articles (by kind), duplicate_groups, ..."}}),
    "DiffRun": _object({"op": {"enum": ["equal", "insert", "delete"]}, "text": _STRING}),
    "StoryVersion": _object({
        **_fields("id", "title", "source", "published"),
        "words": {"type": "integer", "minimum": 0, "description": "length of the body in words"},
        "current": {"type": "boolean", "description": "this is the article asked for"},
        "title_changed": {"type": "boolean", "description": "its headline differs from the version before"},
        "diff": {"type": ["array", "null"], "items": _ref("DiffRun"),
                 "description": "word runs turning the version before into this one; null for the first"},
    }),
    "Article": _object({
        **_FIELD,
        "versions": {"type": "array", "items": _ref("StoryVersion"),
                     "description": "every version of the story, this one included, oldest first; empty when "
                                    "the story has one version"},
        "related": {"type": "array", "items": _ref("Hit"), "description": "more like this"},
    }),
    "Health": _object({"status": {"const": "ok"}, "articles": {"type": "integer", "minimum": 0},
                       "generation": {"type": ["string", "null"]}}),
    "Error": _object({"error": _STRING, "status": {"type": "integer"}, "message": _STRING}),
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_SEARCH_PARAMETERS = [
    _query("q", _STRING, "query text; see /help for the syntax (`*` matches every article)"),
    _query("page", {"type": "integer", "minimum": 1, "default": 1}, "page of results, from 1"),
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": PAGE_SIZE}, "results per page"),
    _query("sort", {"enum": list(SORTS), "default": "relevance"}, "order of the results"),
    _query("from", {"type": "string", "format": "date"}, "first publication day, YYYY-MM-DD"),
    _query("to", {"type": "string", "format": "date"}, "last publication day, YYYY-MM-DD"),
    *[{**_query(name, {"type": "array", "items": {"type": "string", **({"pattern": _FACET_FORMATS[name]}
                                                                       if name in _FACET_FORMATS else {})}},
                f"keep articles with this {_FACET_HELP[name]}; repeat for any of several"),
       "style": "form", "explode": True} for name in FACETS],
]

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "News search API", "version": "1.0",
             "description": "The JSON twins of the search pages. Parameters have the same names as on the pages; "
                            "an empty parameter (as a GET form sends it) means its default."},
    "paths": {
        "/api/search": {"get": {
            "summary": "Search articles, with facet counts and a timeline of the matches",
            "operationId": "search",
            "parameters": _SEARCH_PARAMETERS,
            "responses": {"200": _json(_ref("SearchResults"), "One page of results"), "400": _ERROR,
                          "503": _ERROR},
        }},
        "/api/article/{id}": {"get": {
            "summary": "One article with its other versions and related articles",
            "operationId": "article",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STRING,
                            "description": "article id, as in search hits"}],
            "responses": {"200": _json(_ref("Article"), "The article"), "404": _ERROR, "503": _ERROR},
        }},
        "/api/trends": {"get": {
            "summary": "Stories matching each of a few queries per period, and their share of all stories",
            "operationId": "trends",
            "parameters": [
                {**_query("q", {"type": "array", "items": _STRING, "minItems": 1, "maxItems": MAX_QUERIES},
                          f"a query to chart; repeat for up to {MAX_QUERIES}"), "style": "form", "explode": True},
                _query("interval", {"enum": list(INTERVALS)}, "the period counted; by default the finest that "
                                                               "draws the matches' span in 120 points or fewer"),
                *_SEARCH_PARAMETERS[4:]],
            "responses": {"200": _json(_ref("Trends"), "One series per query"), "400": _ERROR, "503": _ERROR},
        }},
        "/api/status": {"get": {
            "summary": "What is in the archive: articles, outlets, languages, dates, the last build",
            "operationId": "status",
            "responses": {"200": _json(_ref("Status"), "The overview the home page shows"), "503": _ERROR},
        }},
        "/healthz": {"get": {
            "summary": "Whether an index is being served, and how big it is",
            "operationId": "health",
            "responses": {"200": _json(_ref("Health"), "Serving"), "503": _ERROR},
        }},
        "/api/openapi.json": {"get": {
            "summary": "This description",
            "operationId": "openapi",
            "responses": {"200": _json({"type": "object"}, "The OpenAPI document")},
        }},
    },
    "components": {"schemas": _SCHEMAS},
}


@bp.get("/api/openapi.json")
def openapi_json():
    return jsonify(SPEC)
