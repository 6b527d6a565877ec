"""A stacked horizontal bar chart as plain SVG geometry, drawn by a template: no JavaScript."""

from dataclasses import dataclass

# One colour per dashboard state, readable on white and distinct in greyscale print.
COLORS = {
    "not_started": "#adb5bd",
    "draft": "#ffc107",
    "submitted": "#0d6efd",
    "returned": "#dc3545",
    "agreed": "#198754",
    "evaluated": "#6f42c1",
}

LABEL_WIDTH = 230
BAR_WIDTH = 440
COUNT_WIDTH = 50
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LEGEND_COLUMNS = 3
LEGEND_ROW = 20


@dataclass
class Segment:
    x: float
    width: float
    color: str
    href: str
    title: str
    count: int
    text_x: float


@dataclass
class Bar:
    label: str
    y: int
    text_y: int
    total: int
    href: str
    segments: list[Segment]


def short_office_name(name: str) -> str:
    return name.replace("สำนักงานเขตพื้นที่การศึกษาประถมศึกษา", "สพป.").replace(
        "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา", "สพม."
    )


def stacked_bars(rows, *, states, labels, link_for) -> dict:
    """rows: (label, counts by state, office or None); link_for(state, office) -> URL."""
    biggest = max((sum(counts.values()) for _, counts, _ in rows), default=0) or 1
    scale = BAR_WIDTH / biggest
    bars = []
    top = -(-len(states) // LEGEND_COLUMNS) * LEGEND_ROW + 10  # below the legend's rows
    for i, (label, counts, office) in enumerate(rows):
        y = top + i * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        segments = []
        for state in states:
            count = counts.get(state, 0)
            if not count:
                continue
            width = count * scale
            segments.append(
                Segment(
                    x=round(x, 2),
                    width=round(width, 2),
                    color=COLORS.get(state, "#6c757d"),
                    href=link_for(state, office),
                    title=f"{label}: {labels[state]} {count}",
                    count=count,
                    text_x=round(x + width / 2, 2),
                )
            )
            x += width
        bars.append(
            Bar(
                label=label,
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                total=sum(counts.values()),
                href=link_for(None, office),
                segments=segments,
            )
        )
    legend = []
    step = (LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH) // LEGEND_COLUMNS
    for i, state in enumerate(states):
        row, column = divmod(i, LEGEND_COLUMNS)
        legend.append(
            {
                "x": column * step,
                "y": 4 + row * LEGEND_ROW,
                "text_x": column * step + 16,
                "text_y": 14 + row * LEGEND_ROW,
                "color": COLORS.get(state, "#6c757d"),
                "label": labels[state],
            }
        )
    return {
        "width": LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH,
        "height": top + len(rows) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "label_x": LABEL_WIDTH - 8,
        "count_x": LABEL_WIDTH + BAR_WIDTH + 6,
        "bars": bars,
        "legend": legend,
    }
