"""The dashboard's SVG charts: scaled bars, escaped text, no script or inline style."""

from __future__ import annotations

import re
from datetime import date, timedelta

from web.charts import horizontal_bar_chart, nice_step, stacked_bar_chart


def _heights(svg: str) -> list[float]:
    return [float(h) for h in re.findall(r'class="bar"[^>]*height="([\d.]+)"', svg)]


def test_stacked_bars_are_proportional_to_the_counts() -> None:
    starts = [date(2026, 11, 1) + timedelta(days=i) for i in range(3)]
    svg = str(stacked_bar_chart(starts, {"appeal": (1, 0, 4), "delay": (1, 2, 0)},
                                period="day", title="t"))
    bars = re.findall(r'data-series="(\w+)" data-count="(\d+)"', svg)
    assert bars == [("appeal", "1"), ("delay", "1"), ("delay", "2"), ("appeal", "4")]
    heights = _heights(svg)
    assert abs(heights[3] - 4 * heights[0]) < 0.2
    assert "Appeal, 03 Nov: 4" in svg


def test_an_empty_chart_says_there_is_nothing() -> None:
    svg = str(stacked_bar_chart([date(2026, 11, 1)], {"appeal": (0,)}, period="week",
                                title="t"))
    assert "No cases in this period" in svg
    assert 'class="bar"' not in svg


def test_chart_text_is_escaped_and_nothing_is_inline_script_or_style() -> None:
    svg = str(horizontal_bar_chart([("<script>", 3), ("b", 0)], title='"><script>'))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "style=" not in svg
    assert not re.search(r"\son\w+=", svg)


def test_tick_steps_are_round_numbers() -> None:
    assert [nice_step(n) for n in (1, 4, 7, 13, 40, 95, 1000)] == [1, 1, 2, 5, 10, 50, 500]
