"""Charts of the dashboards, drawn by matplotlib with DejaVu Sans (every Vietnamese letter): SVG
for the pages, PNG for the exports. No pyplot, so charts can be drawn from any thread.

The pages forbid inline styles (Content-Security-Policy style-src 'self'), so the SVG's style
attributes become presentation attributes, which the policy allows; text is drawn as paths.
"""

import html
import io
import math
import re
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

matplotlib.use("Agg")

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.fonttype": "path",
    "svg.hashsalt": "chinhquyenso-reporting",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
COLOURS = ["#1f5fa8", "#c0392b", "#2e8b57", "#b8860b", "#6a5acd"]
TARGET_COLOURS = {2025: "#d35400", 2030: "#7f8c8d"}
_STYLE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.S)


def _number(value) -> float:
    return math.nan if value is None else float(value)


def _attributes(match: re.Match) -> str:
    pairs = []
    for declaration in match.group(1).split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if re.fullmatch(r"[a-z-]+", name):
            pairs.append(f' {name}="{html.escape(value, quote=True)}"')
    return "".join(pairs)


def _svg(figure: Figure, label: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE.sub(_attributes, svg)
    # Scale with the page; name the chart for screen readers.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1)
    return svg.replace(
        "<svg",
        f'<svg role="img" aria-label="{html.escape(label, quote=True)}"'
        ' stroke-linejoin="round" stroke-linecap="butt"',
        1,
    )


def _render(figure: Figure, fmt: str, label: str) -> str | bytes:
    if fmt == "png":
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
        return buffer.getvalue()
    return _svg(figure, label)


def trend(
    title: str,
    labels: Sequence[str],
    lines: dict[str, Sequence],
    targets: dict[int, float] | None = None,
    unit: str = "",
    fmt: str = "svg",
) -> str | bytes:
    """Lines over periods (a gap where a value is missing) and the milestones' targets as
    dashed lines."""
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(7.5, 3.4))
        axes = figure.add_subplot()
        positions = range(len(labels))
        for index, (name, values) in enumerate(lines.items()):
            axes.plot(
                positions,
                [_number(v) for v in values],
                marker="o",
                color=COLOURS[index % len(COLOURS)],
                label=name,
            )
        for year, value in sorted((targets or {}).items()):
            axes.axhline(
                float(value),
                linestyle="--",
                linewidth=1,
                color=TARGET_COLOURS.get(year, "#7f8c8d"),
                label=f"{year}: {value:g} {unit}".strip(),
            )
        axes.set_xticks(list(positions), labels, rotation=30 if len(labels) > 6 else 0)
        axes.set_title(title, loc="left", fontsize=10)
        if unit:
            axes.set_ylabel(unit)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        if lines or targets:
            axes.legend(loc="best", fontsize=8, frameon=False)
        figure.tight_layout()
        return _render(figure, fmt, title)


def comparison(
    title: str,
    bars: Sequence[tuple[str, object]],
    target: float | None = None,
    unit: str = "",
    fmt: str = "svg",
) -> str | bytes:
    """Horizontal bars, one per unit (a missing value shows as an empty bar), with the target."""
    with matplotlib.rc_context(RC):
        height = max(2.2, 0.28 * len(bars) + 1.0)
        figure = Figure(figsize=(7.5, height))
        axes = figure.add_subplot()
        names = [name for name, _value in bars]
        values = [0.0 if value is None else float(value) for _name, value in bars]
        positions = list(range(len(bars)))
        axes.barh(positions, values, color=COLOURS[0], height=0.6)
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        if target is not None:
            axes.axvline(float(target), linestyle="--", color=TARGET_COLOURS[2025], linewidth=1)
        axes.set_title(title, loc="left", fontsize=10)
        if unit:
            axes.set_xlabel(unit)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        figure.tight_layout()
        return _render(figure, fmt, title)
