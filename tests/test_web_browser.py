"""A person's visit in a real browser: Debian's Chromium driven by Playwright against the `news-web` process.

Screenshots of every step go to test-artifacts/screenshots/ for people to look at.
"""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from indexer.build import rebuild
from tests.serverutil import news_web

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
FACETS_CORPUS = Path(__file__).parent / "fixtures" / "facets"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def chromium():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        pytest.skip("chromium not installed: apt-get install chromium")
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """The real `news-web` (gunicorn) serving an index of the facets corpus; its base URL."""
    index_dir = tmp_path_factory.mktemp("browser-index")
    rebuild([FACETS_CORPUS], index_dir)
    with news_web(index_dir, workers=1) as (base, _):
        yield base


@pytest.fixture(scope="module")
def screenshots() -> Path:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def _open_page(chromium, viewport: str, javascript: bool = True):
    context = chromium.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript,
                                   is_mobile=viewport == "phone", has_touch=viewport == "phone")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return context, page, errors


def _shoot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _show_filters(page) -> None:
    """On a phone the filters are folded under their summary; open them as a person would."""
    panel = page.locator("details.refine")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_refine_sort_page_and_read(chromium, site, screenshots, viewport):
    context, page, errors = _open_page(chromium, viewport)
    shot = f"{viewport}"
    try:
        page.goto(site)
        _shoot(page, screenshots, f"{shot}-01-home")
        page.get_by_label("Search news articles").fill("city bank rates")
        page.get_by_label("Search news articles").press("Enter")
        page.wait_for_url(re.compile(r"/search\?q=city"))
        assert "results for" in page.locator("h1").inner_text()
        assert page.locator("svg.timeline-chart a").count() >= 3
        assert _fits_width(page), "the results page scrolls sideways"
        if viewport == "phone":
            assert page.locator("details.refine").get_attribute("open") is None, "filters should start folded"
        _shoot(page, screenshots, f"{shot}-02-results")

        _show_filters(page)
        page.locator("section.facet", has_text="Outlet").get_by_role("link", name=re.compile("^Reuters")).click()
        page.wait_for_url(re.compile(r"source=Reuters"))
        chip = page.locator(".chips a.chip", has_text="Outlet: Reuters")
        assert chip.count() == 1
        assert all(text == "Reuters" for text in page.locator("ol.hits > li > p.meta .source").all_inner_texts())
        _shoot(page, screenshots, f"{shot}-03-facet")
        chip.click()
        page.wait_for_url(lambda url: "source=" not in url)
        assert page.locator(".chips").count() == 0

        page.get_by_role("navigation", name="Sort results").get_by_role("link", name="Newest").click()
        page.wait_for_url(re.compile(r"sort=newest"))
        dates = page.locator("ol.hits > li > p.meta time").evaluate_all("nodes => nodes.map(n => n.getAttribute('datetime'))")
        assert dates == sorted(dates, reverse=True) and len(dates) >= 5
        _shoot(page, screenshots, f"{shot}-04-newest")

        page.get_by_role("link", name="Next →").click()
        page.wait_for_url(re.compile(r"page=2"))
        assert "sort=newest" in page.url
        assert page.locator("nav.pagination [aria-current=page]").inner_text() == "2"
        _shoot(page, screenshots, f"{shot}-05-page2")

        page.get_by_role("link", name="← Previous").click()
        versions = page.locator("details.versions").first
        versions.locator("summary").click()
        assert versions.locator("summary").inner_text() == "2 other versions"
        assert versions.locator("li").count() == 2 and versions.locator("li").first.is_visible()
        _shoot(page, screenshots, f"{shot}-06-versions")
        versions.locator("li a").first.click()
        page.wait_for_url(re.compile(r"/article/rates-"))
        assert page.get_by_role("heading", name="3 versions of this story").is_visible()
        change = page.locator("details.diff").first
        change.locator("summary").click()
        assert change.locator("ins").first.is_visible() and change.locator("del").first.is_visible()
        _shoot(page, screenshots, f"{shot}-07-version-diff")
        assert page.locator(".related-list li").count() >= 1
        assert _fits_width(page), "the article page scrolls sideways"
        _shoot(page, screenshots, f"{shot}-08-article")

        page.locator(".related-list a").first.click()
        page.wait_for_url(re.compile(r"/article/"))
        assert page.locator("h1").inner_text()
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_dates_timeline_and_keyboard(chromium, site, screenshots, viewport):
    context, page, errors = _open_page(chromium, viewport)
    try:
        page.goto(f"{site}/search?q=*")
        _show_filters(page)
        page.get_by_role("link", name="Past year").click()
        page.wait_for_url(re.compile(r"from=2022-03-28"))
        assert page.locator(".chips a.chip", has_text="since 28 Mar 2022").count() == 1
        page.goto(f"{site}/search?q=*")
        page.locator("svg.timeline-chart a[aria-label^='2020']").click()
        page.wait_for_url(re.compile(r"from=2020-01-01&to=2020-12-31"))
        assert "2 results" in page.locator("h1").inner_text()
        _shoot(page, screenshots, f"{viewport}-08-timeline-2020")
        _show_filters(page)
        page.get_by_label("From", exact=True).fill("2021-01-01")
        page.get_by_label("To", exact=True).fill("2021-12-31")
        page.get_by_role("button", name="Apply dates").click()
        page.wait_for_url(re.compile(r"from=2021-01-01&to=2021-12-31"))
        assert "3 results" in page.locator("h1").inner_text()
        _shoot(page, screenshots, f"{viewport}-09-custom-dates")

        page.goto(f"{site}/search?q=city")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        for _ in range(6):
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement !== document.body")
        assert errors == []
    finally:
        context.close()


def test_everything_works_without_javascript(chromium, site, screenshots):
    context, page, _ = _open_page(chromium, "phone", javascript=False)
    try:
        page.goto(f"{site}/search?q=city")
        assert page.locator("details.refine").get_attribute("open") is not None, "without JS the filters stay open"
        page.locator("section.facet", has_text="Topic").get_by_role("link", name=re.compile("^sport")).click()
        page.wait_for_url(re.compile(r"category=sport"))
        page.get_by_role("link", name="Oldest").click()
        page.wait_for_url(re.compile(r"sort=oldest"))
        assert page.locator("ol.hits h2").all_inner_texts() == ["Record field runs the city marathon",
                                                                 "City council approves new football stadium"]
        _shoot(page, screenshots, "phone-10-no-javascript")
    finally:
        context.close()


def test_help_page(chromium, site, screenshots):
    context, page, errors = _open_page(chromium, "desktop")
    try:
        page.goto(site)
        page.get_by_role("link", name="Search help").first.click()
        page.wait_for_url(re.compile(r"/help$"))
        assert page.get_by_role("heading", name="How to search").is_visible()
        _shoot(page, screenshots, "desktop-11-help")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_trends_chart_toggle_and_table(chromium, site, screenshots, viewport):
    context, page, errors = _open_page(chromium, viewport)
    try:
        page.goto(f"{site}/search?q=city")
        page.get_by_role("link", name="Compare over time").click()
        page.wait_for_url(re.compile(r"/trends\?q=city$"))
        page.get_by_label("Query 2").fill("bank")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_url(re.compile(r"q=city&q=bank"))
        counts, shares = page.locator("figure.panel-count"), page.locator("figure.panel-share")
        assert counts.is_visible() and not shares.is_visible()
        assert counts.locator("polyline").count() == 2
        total = page.request.get(f"{site}/api/search?q=city").json()["total"]
        assert page.locator("ul.legend li").all_inner_texts()[0].strip().startswith(f"city: {total} stories")
        _shoot(page, screenshots, f"{viewport}-12-trends-count")
        page.locator("label[for=measure-share]").click()
        assert shares.is_visible() and not counts.is_visible()
        assert shares.locator("text.tick").last.text_content().endswith("%")
        _shoot(page, screenshots, f"{viewport}-13-trends-share")
        table = page.locator("table.trend-table")
        assert table.locator("tbody tr").count() == len(page.request.get(
            f"{site}/api/trends?q=city&q=bank").json()["series"][0]["points"])
        assert _fits_width(page)
        assert errors == []
    finally:
        context.close()


def test_export_download_and_the_archive_overview(chromium, site, screenshots):
    context, page, errors = _open_page(chromium, "desktop")
    try:
        page.goto(site)
        assert page.locator(".figures dd").first.inner_text() == "17"
        assert page.locator("svg.timeline-chart").is_visible()
        _shoot(page, screenshots, "desktop-14-home-overview")
        page.goto(f"{site}/search?q=city&sort=newest")
        with page.expect_download() as waiting:
            page.get_by_role("link", name="Export CSV").click()
        download = waiting.value
        assert download.suggested_filename == "news-search-city.csv"
        with open(download.path(), encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        answer = page.request.get(f"{site}/api/search?q=city&sort=newest&limit=100").json()
        assert len(rows) == answer["total"]
        assert [row["id"] for row in rows] == [hit["id"] for hit in answer["hits"]]
        assert errors == []
    finally:
        context.close()
