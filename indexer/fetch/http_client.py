"""A polite HTTP client: it names itself, obeys robots.txt, waits between requests to one host, gives up
after a timeout or a size cap, and asks only for what changed when it can (ETag, Last-Modified)."""
from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit


def _package_version() -> str:
    try:
        return version("news-search")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "dev"


USER_AGENT = f"news-index-fetch/{_package_version()} (news archive search; set your contact with --user-agent)"
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL that could not be fetched; the message is the reason the report gives."""


@dataclass
class Response:
    url: str  # after redirects
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]] = field(default_factory=list)

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


class PoliteClient:
    """One client per run: it remembers each host's robots.txt and when it last asked that host."""

    def __init__(self, user_agent: str = USER_AGENT, delay: float = 1.0, timeout: float = 20.0,
                 max_bytes: int = 10 * 1024 * 1024) -> None:
        self.user_agent, self.delay, self.timeout, self.max_bytes = user_agent, delay, timeout, max_bytes
        self._opener = urllib.request.build_opener(_Redirects)
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets this client fetch `url` (a missing robots.txt allows all)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        robots = self._robots[site]
        if robots is None:
            raise FetchError("robots.txt unreachable: host skipped")
        return robots.can_fetch(self.user_agent, url)

    def _read_robots(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        robots = urllib.robotparser.RobotFileParser()
        try:
            response = self.get(f"{site}/robots.txt")
        except FetchError as error:
            if str(error).startswith("HTTP 4"):
                robots.parse([])  # no robots.txt: everything allowed
                return robots
            return None
        robots.parse(response.body.decode("utf-8", "replace").splitlines())
        return robots

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last_request[host] = time.monotonic()

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Response | None:
        """The response to a GET of `url`, or None when the server says it has not changed (304)."""
        if not url.startswith(("http://", "https://")):
            raise FetchError("not an http(s) URL")
        headers = [("User-Agent", self.user_agent), ("Accept-Encoding", "identity")]
        if etag:
            headers.append(("If-None-Match", etag))
        if last_modified:
            headers.append(("If-Modified-Since", last_modified))
        self._wait_for(urlsplit(url).netloc)
        request = urllib.request.Request(url, headers=dict(headers))
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                body = answer.read(self.max_bytes + 1)
                while len(body) <= self.max_bytes and (chunk := answer.read(_CHUNK)):
                    body += chunk
                if len(body) > self.max_bytes:
                    raise FetchError(f"too large (over {self.max_bytes} bytes)")
                return Response(answer.geturl(), answer.status, answer.reason, list(answer.headers.items()), body,
                                headers)
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return None
            raise FetchError(f"HTTP {error.code}") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise FetchError("timeout") from None
            raise FetchError(f"unreachable ({error.reason})") from None
        except (TimeoutError, socket.timeout):
            raise FetchError("timeout") from None
        except (OSError, ValueError) as error:
            raise FetchError(f"failed ({type(error).__name__}: {error})") from None
