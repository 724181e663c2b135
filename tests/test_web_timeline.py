"""Timeline bar chart geometry: bars scaled to the busiest period, labels that fit, nothing for undated matches."""
from datetime import date

from indexer.search.facets import Bucket
from search_web.timeline import HEIGHT, WIDTH, chart


def years(*counts: int) -> list[Bucket]:
    return [Bucket(str(2000 + i), f"{2000 + i}-01-01", f"{2000 + i}-12-31", c) for i, c in enumerate(counts)]


def test_bars_fill_the_width_and_scale_to_the_busiest_period():
    drawn = chart("year", years(2, 0, 4))
    assert [(b.label, b.count) for b in drawn.bars] == [("2000", 2), ("2001", 0), ("2002", 4)]
    tallest = drawn.bars[2]
    assert tallest.y == drawn.plot_top and tallest.y + tallest.height == drawn.baseline
    assert drawn.bars[0].height == tallest.height / 2 and drawn.bars[1].height == 0
    assert drawn.bars[0].x > 0 and drawn.bars[-1].x + drawn.bars[-1].width < WIDTH
    assert drawn.bars[0].start == date(2000, 1, 1) and drawn.bars[0].end == date(2000, 12, 31)
    assert drawn.show_counts and (drawn.width, drawn.height) == (WIDTH, HEIGHT)


def test_tiny_counts_stay_visible():
    drawn = chart("year", years(1, 10_000))
    assert 0 < drawn.bars[0].height < 2


def test_labels_are_spread_out_and_kept_inside_the_chart():
    days = [Bucket(f"2020-{m:02d}-{d:02d}", f"2020-{m:02d}-{d:02d}", f"2020-{m:02d}-{d:02d}", 1)
            for m in (1, 2) for d in range(1, 29)]
    drawn = chart("day", days)
    assert 2 <= len(drawn.labels) <= 6 and not drawn.show_counts
    assert drawn.labels[0].anchor == "start" and drawn.labels[0].x >= 0
    gaps = [b.x - a.x for a, b in zip(drawn.labels, drawn.labels[1:])]
    assert min(gaps) >= len("2020-01-01") * 12
    assert all(label.x <= WIDTH for label in drawn.labels)


def test_no_dated_matches_no_chart():
    assert chart("", []) is None
