"""Security headers on every response: pages show untrusted article text, so browsers must
run no script but ours, never sniff types, never frame us and leak no queries (OWASP)."""
from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def add_headers(response: Response) -> Response:
    """Set the security headers, overriding any a view may have set."""
    response.headers.update(HEADERS)
    return response


def register(app: Flask) -> None:
    app.after_request(add_headers)
