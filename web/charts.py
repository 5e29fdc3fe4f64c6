"""Server-drawn SVG charts for the dashboard: no script, no external library, CSP-safe."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final

from markupsafe import Markup, escape

from web.render import label

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE: Final = {
    "appeal": "#0072B2",
    "exclusion": "#D55E00",
    "discrimination": "#CC79A7",
    "delay": "#E69F00",
    "none": "#8C8C8C",
}
BAR_COLOUR: Final = "#1d4f91"
AXIS_COLOUR: Final = "#6b7280"
GRID_COLOUR: Final = "#e5e7eb"
FONT: Final = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def colour_for(key: str) -> str:
    return PALETTE.get(key, "#56B4E9")


def nice_step(maximum: int, ticks: int = 4) -> int:
    """A round tick step (1, 2, 5 × 10ⁿ) giving at most ``ticks`` gridlines up to ``maximum``."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if mult * power >= raw:
            return int(mult * power)
    return int(10 * power)


def _period_label(start: date, period: str) -> str:
    return start.strftime("%d %b") if period == "day" else "w/c " + start.strftime("%d %b")


def _attr(value: object) -> str:
    return str(escape(str(value)))


def stacked_bar_chart(
    starts: Sequence[date],
    series: Mapping[str, Sequence[int]],
    *,
    period: str,
    title: str,
    width: int = 1000,
    height: int = 300,
    font_size: int = 12,
    max_labels: int = 8,
    css_class: str = "",
) -> Markup:
    """A stacked column chart, one column per period, one colour per series key.

    Every bar has a ``<title>`` tooltip; the whole chart is ``role="img"`` with a text label.
    ``width``/``height`` set the drawing's proportions (it scales to its box), so a narrow
    variant with larger text suits phones.
    """
    left, right, top, bottom = 4 + font_size * 3, 12, 12, font_size * 3 + 10
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(starts))
    stack_totals = [sum(values[i] for values in series.values()) for i in range(len(starts))]
    peak = max(stack_totals, default=0)
    step = nice_step(max(peak, 1))
    y_max = max(step, math.ceil(max(peak, 1) / step) * step)
    slot = plot_w / n
    bar_w = max(2.0, slot * 0.72)

    def y(value: float) -> float:
        return top + plot_h - value / y_max * plot_h

    parts: list[str] = [
        f'<svg class="chart {_attr(css_class)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_attr(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="{_attr(FONT)}" font-size="{font_size}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, y_max + 1, step):
        ty = y(tick)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
                     f'stroke="{GRID_COLOUR}" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" '
                     f'fill="{AXIS_COLOUR}">{tick}</text>')
    label_every = max(1, math.ceil(n / max_labels))
    for i, start in enumerate(starts):
        x = left + i * slot + (slot - bar_w) / 2
        base = 0
        for key, values in series.items():
            count = values[i] if i < len(values) else 0
            if count <= 0:
                continue
            y_top, y_bottom = y(base + count), y(base)
            tip = f"{label(key)}, {_period_label(start, period)}: {count}"
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y_top:.1f}" width="{bar_w:.1f}" '
                f'height="{max(0.5, y_bottom - y_top):.1f}" fill="{colour_for(key)}" '
                f'data-series="{_attr(key)}" data-count="{count}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            base += count
        if i % label_every == 0:
            cx = left + i * slot + slot / 2
            parts.append(f'<text x="{cx:.1f}" y="{height - bottom + font_size + 6}" '
                         f'text-anchor="middle" '
                         f'fill="{AXIS_COLOUR}">{escape(_period_label(start, period))}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
                 f'y2="{top + plot_h}" stroke="{AXIS_COLOUR}" stroke-width="1"/>')
    if peak == 0:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" '
                     f'text-anchor="middle" fill="{AXIS_COLOUR}" font-size="{font_size + 3}">'
                     f"No cases in this period</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def horizontal_bar_chart(
    rows: Sequence[tuple[str, int]],
    *,
    title: str,
    width: int = 340,
    row_height: int = 30,
    font_size: int = 13,
    colour: str = BAR_COLOUR,
) -> Markup:
    """Labelled horizontal bars with the value at the end (e.g. the backlog by age)."""
    label_w, right = font_size * 5, font_size * 3
    height = row_height * max(1, len(rows)) + 8
    peak = max((v for _, v in rows), default=0) or 1
    plot_w = width - label_w - right
    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{_attr(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="{_attr(FONT)}" font-size="{font_size}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (name, value) in enumerate(rows):
        y = 4 + i * row_height
        bar = value / peak * plot_w
        parts.append(f'<text x="{label_w - 8}" y="{y + row_height / 2 + 4:.1f}" '
                     f'text-anchor="end" fill="#111827">{escape(name)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{plot_w}" '
                     f'height="{row_height - 10}" fill="{GRID_COLOUR}"/>')
        if value:
            parts.append(f'<rect class="bar" x="{label_w}" y="{y + 5}" width="{max(2.0, bar):.1f}"'
                         f' height="{row_height - 10}" fill="{colour}" data-count="{value}">'
                         f"<title>{escape(name)}: {value}</title></rect>")
        parts.append(f'<text x="{label_w + plot_w + 6}" y="{y + row_height / 2 + 4:.1f}" '
                     f'fill="#111827" font-weight="600">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def swatch(key: str) -> Markup:
    """A small colour square for a legend entry."""
    return Markup(  # noqa: S704 - fixed markup with a colour from our own palette
        f'<svg class="swatch" viewBox="0 0 12 12" aria-hidden="true">'
        f'<rect width="12" height="12" rx="2" fill="{colour_for(key)}"/></svg>'
    )
