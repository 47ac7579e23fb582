"""Charts as plain SVG shapes, laid out here and drawn by the `chart` template macro.

No JavaScript and no third-party code: a chart is a list of rectangles, lines and texts in a
viewBox that scales with the page. Every shape has a `<title>` for pointer users and every chart
has its numbers in a table beside it for everyone else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 400  # narrow, so that on a phone the text stays readable once the chart is scaled down
ROW = 20  # height of one bar in a horizontal chart
LABEL = 17  # height of the label line above a horizontal bar
CHAR = 7.6  # the width of a digit of a 13px value, to keep room for the longest value


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # a class that sets the fill (`s-pup`, `s-persons`…)


@dataclass(frozen=True)
class Shape:
    kind: str  # rect, line, text, circle or path
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    css: str = ""
    text: str = ""
    title: str = ""
    anchor: str = "start"
    points: str = ""


@dataclass(frozen=True)
class Chart:
    ident: str
    title: str
    height: float
    shapes: tuple[Shape, ...]
    legend: tuple[Series, ...] = ()
    kind: str = "bars"  # bars (horizontal, labelled) or axis (months along a value axis)
    width: float = WIDTH
    empty: bool = False


@dataclass(frozen=True)
class BarRow:
    """One row of a horizontal chart: its label and one value per series (stacked or grouped)."""

    label: str
    values: tuple[Decimal, ...]
    texts: tuple[str, ...] = field(default=())  # formatted values, one per series


def _scale(peak: Decimal, room: float) -> Callable[[Decimal], float]:
    top = float(peak) or 1.0
    return lambda value: float(value) / top * room


def hbar_chart(
    ident: str,
    title: str,
    rows: Sequence[BarRow],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    total_text: Callable[[BarRow], str] | None = None,
) -> Chart:
    """Horizontal bars, the label above each bar: long Polish role names fit on a phone."""
    if not rows or all(not any(row.values) for row in rows):
        return Chart(ident, title, 40, (), tuple(series), empty=True)
    bars_per_row = 1 if stacked else len(series)
    peak = max(sum(row.values, Decimal(0)) if stacked else max(row.values) for row in rows)
    longest = max((len(text) for row in rows for text in row.texts), default=8)
    scale = _scale(peak, WIDTH - 14 - CHAR * (longest + (2 if stacked else 0)))
    shapes: list[Shape] = []
    y = 0.0
    for row in rows:
        shapes.append(Shape("text", 0, y + 12, text=row.label, css="label"))
        y += LABEL
        x = 0.0
        for index, (value, part) in enumerate(zip(row.values, series, strict=True)):
            width = scale(value)
            text = row.texts[index] if row.texts else str(value)
            top = y if stacked else y + index * ROW
            left = x if stacked else 0.0
            if width > 0:
                tip = (
                    f"{row.label} – {part.name}: {text}"
                    if len(series) > 1
                    else f"{row.label}: {text}"
                )
                shapes.append(
                    Shape("rect", left, top, max(width, 1.5), ROW - 4, part.css, title=tip)
                )
            if not stacked:
                shapes.append(Shape("text", width + 5, top + 12, text=text, css="value"))
            x += width
        if stacked:
            label = total_text(row) if total_text else str(sum(row.values))
            shapes.append(Shape("text", x + 5, y + 12, text=label, css="value"))
        y += ROW * bars_per_row + 6
    legend = tuple(series) if len(series) > 1 else ()
    return Chart(ident, title, y, tuple(shapes), legend)


def _nice_step(peak: float, ticks: int = 4) -> float:
    if peak <= 0:
        return 1.0
    raw = peak / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


@dataclass(frozen=True)
class Axis:
    labels: Sequence[str]  # one per column (month)
    tick_text: Callable[[float], str]


def column_chart(
    ident: str,
    title: str,
    axis: Axis,
    series: Sequence[Series],
    values: Sequence[Sequence[Decimal]],  # per series, one value per column
    texts: Sequence[Sequence[str]],
    *,
    line: bool = False,
) -> Chart:
    """Vertical columns (grouped by series) or a line, one point per month, with a value axis."""
    columns = len(axis.labels)
    if not columns or all(not any(v) for v in values):
        return Chart(ident, title, 40, (), tuple(series), empty=True)
    left, bottom, plot_h = 44.0, 170.0, 160.0
    step = _nice_step(float(max(max(v) for v in values)))
    peak = step * math.ceil(float(max(max(v) for v in values)) / step)
    shapes: list[Shape] = []
    for tick in range(round(peak / step) + 1):
        y = bottom - tick * step / peak * plot_h
        shapes.append(Shape("line", left, y, WIDTH, y, "grid"))
        shapes.append(
            Shape(
                "text", left - 6, y + 4, text=axis.tick_text(tick * step), css="tick", anchor="end"
            )
        )
    slot = (WIDTH - left) / columns
    every = math.ceil(columns * 56 / (WIDTH - left))  # label only as many months as fit
    for col, label in enumerate(axis.labels):
        if col % every:
            continue
        shapes.append(
            Shape(
                "text",
                left + slot * (col + 0.5),
                bottom + 16,
                text=label,
                css="tick",
                anchor="middle",
            )
        )
    for index, part in enumerate(series):
        points: list[str] = []
        for col in range(columns):
            value = float(values[index][col])
            height = value / peak * plot_h
            tip = f"{axis.labels[col]} – {part.name}: {texts[index][col]}"
            if line:
                cx, cy = left + slot * (col + 0.5), bottom - height
                points.append(f"{cx:.1f},{cy:.1f}")
                shapes.append(Shape("circle", cx, cy, 4, 0, part.css, title=tip))
            elif value > 0:
                width = slot * 0.8 / len(series)
                x = left + slot * 0.1 + slot * col + width * index
                shapes.append(
                    Shape("rect", x, bottom - height, width - 2, height, part.css, title=tip)
                )
        if line:
            shapes.insert(0, Shape("path", css=f"{part.css} line", points=" ".join(points)))
    legend = tuple(series) if len(series) > 1 else ()
    return Chart(ident, title, bottom + 22, tuple(shapes), legend, kind="axis")
