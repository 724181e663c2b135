"""Error responses: a page for people, JSON for the API, never a stack trace."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from indexer.search import IndexFormatError, NoIndex


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _respond(error: HTTPException):
    if _wants_json():
        return jsonify({"error": error.name, "status": error.code, "message": error.description}), error.code
    return render_template("error.html", error=error), error.code


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _respond(error)

    @app.errorhandler(NoIndex)
    def no_index(error: NoIndex):
        return _respond(ServiceUnavailable(f"The search index is not built yet ({error})."))

    @app.errorhandler(IndexFormatError)
    def old_format(error: IndexFormatError):
        return _respond(ServiceUnavailable(str(error)))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return _respond(InternalServerError("Something went wrong on our side; the error has been logged."))
