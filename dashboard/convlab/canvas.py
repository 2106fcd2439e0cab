"""Where the grids of a step-by-step figure go: panels side by side, each a column of grids.

Everything lives on one pair of axes whose unit is one cell (so cells are square), not in
subplots: a browser redraws the whole figure on every step, and each subplot (its axes, its
clip path, its title) costs time on every redraw.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_CELL_PX = 38
MIN_CELL_PX = 14
MAX_WIDTH_PX = 860  # the main area beside the sidebar on a 1280-wide projector
MAX_GRIDS_PX = 470  # the grids' height, so a 720-high projector shows the buttons too
HEADING_PX = 20  # a panel's heading, above its first grid's title
LABEL_PX = 20  # a grid's title
GAP_PX = 22
LINE_PX = 19
CONTROLS_PX = 84  # the buttons and the step slider, above the grids: first on screen
TEXT_FONT_PX = 13
PHONE_WIDTH_PX = 350  # a 390-pixel phone's main area, less Streamlit's margins
PHONE_CELL_PX = 30  # a cell a finger can tap


@dataclass(frozen=True)
class Panel:
    """A column of the figure: a heading over one grid per title, `rows` × `cols` cells each
    (cells `stretch` times wider than high, for two lines of text). A title None is written
    by each frame."""

    heading: str
    titles: Sequence[str | None]
    rows: int
    cols: int
    stretch: float = 1.0


@dataclass(frozen=True)
class Grid:
    """One grid's place, in cells: its top-left corner (x, y) and a cell's width `dx`."""

    x: float
    y: float
    dx: float
    rows: int
    cols: int
    title: str  # the panel's heading over the first grid's own title
    px: float  # a cell's height in pixels

    @property
    def font(self) -> int:
        """Cell text size: 14 px in a 38 px cell, smaller in smaller cells."""
        return max(9, round(self.px * 0.4))

    def centre(self, row: float, col: float) -> tuple[float, float]:
        """The middle of cell (row, col)."""
        return self.x + self.dx * (col + 0.5), self.y + row + 0.5


@dataclass
class Canvas:
    """The figure's size and every panel's grids: `grids[p][g]` is grid g of panel p."""

    cell: float  # pixels per cell
    width: int
    height: int
    text_top: float  # where the step's text starts, in pixels from the top
    grids: list[list[Grid]] = field(default_factory=list)

    def chars_per_line(self) -> int:
        """About how many characters of the step text fit across the figure."""
        return max(40, int(self.width / (TEXT_FONT_PX * 0.56)))

    def layout(self) -> dict:
        """One pair of hidden axes, a cell per unit, y downwards; no margins."""
        axis = {"visible": False, "fixedrange": True, "domain": [0, 1]}
        return {
            "xaxis": axis | {"range": [0, self.width / self.cell]},
            "yaxis": axis | {"range": [self.height / self.cell, 0]},
            "width": self.width,
            "height": self.height,
            "autosize": False,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "showlegend": False,
            "dragmode": False,
            "clickmode": "event+select",
            "hovermode": "closest",
            "font": {"family": "sans-serif"},
        }


def canvas(panels: Sequence[Panel], text_lines: int, narrow: bool = False) -> Canvas:
    """Lay the panels out side by side, under the controls and `text_lines` lines of text (and
    one more: "Step 3 of 9"). `narrow` (a phone): at most PHONE_WIDTH_PX wide, the panels
    wrap into rows, each cell still big enough to read and to tap."""
    if narrow:
        widest = max(p.cols * p.stretch for p in panels)
        cell = max(MIN_CELL_PX, min(MAX_CELL_PX, PHONE_CELL_PX, PHONE_WIDTH_PX / widest))
    else:
        units = sum(p.cols * p.stretch for p in panels)
        tallest = max(p.rows * len(p.titles) for p in panels)
        labels = HEADING_PX + max(len(p.titles) for p in panels) * LABEL_PX
        cell = min(
            MAX_CELL_PX,
            (MAX_WIDTH_PX - GAP_PX * (len(panels) - 1)) / units,
            (MAX_GRIDS_PX - labels) / tallest,
        )
        cell = max(MIN_CELL_PX, cell)
    grid_widths = [p.cols * p.stretch * cell for p in panels]
    # A column is as wide as its grid or its heading, whichever is wider; the grid is centred.
    columns = [
        max(grid, *(text_px(t or "") for t in [p.heading, *p.titles]))
        for grid, p in zip(grid_widths, panels, strict=True)
    ]
    rows = _rows(columns, PHONE_WIDTH_PX) if narrow else [list(range(len(panels)))]
    row_widths = [sum(columns[i] for i in row) + GAP_PX * (len(row) - 1) for row in rows]
    width = int(max(row_widths)) + 4
    width = min(max(width, PHONE_WIDTH_PX), MAX_WIDTH_PX) if narrow else max(width, 560)
    # Top to bottom: the controls, the step's text, the grids (a projector shows the formula
    # even when the grids run off its bottom).
    top = CONTROLS_PX + (text_lines + 1) * LINE_PX + 10
    placed: dict[int, list[Grid]] = {}
    for row in rows:
        top += HEADING_PX
        x = 0.0
        for i in row:
            panel, column, grid_width = panels[i], columns[i], grid_widths[i]
            placed[i] = _column(panel, (x + (column - grid_width) / 2) / cell, top, cell)
            x += column + GAP_PX
        top += max(len(panels[i].titles) * (panels[i].rows * cell + LABEL_PX) for i in row)
        top += GAP_PX if narrow else 0
    board = Canvas(cell, width, int(top + 6), CONTROLS_PX)
    board.grids = [placed[i] for i in range(len(panels))]
    return board


def _rows(columns: Sequence[float], width: float) -> list[list[int]]:
    """Panels left to right, a new row whenever the next one would not fit `width`."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, column in enumerate(columns):
        if rows[-1] and used + GAP_PX + column > width:
            rows.append([])
            used = 0.0
        used += column + (GAP_PX if rows[-1] else 0)
        rows[-1].append(i)
    return rows


def _column(panel: Panel, left: float, top: float, cell: float) -> list[Grid]:
    """One panel's grids, top to bottom, its heading over the first (`left` in cells)."""
    grids = []
    for g, title in enumerate(panel.titles):
        top += LABEL_PX
        heading = [panel.heading] if g == 0 else []
        text = "<br>".join(heading + ([title] if title else []))
        grids.append(Grid(left, top / cell, panel.stretch, panel.rows, panel.cols, text, cell))
        top += panel.rows * cell
    return grids


def columns_of(text: str) -> int:
    """How many narrow characters wide `text` is: tags left out, Korean letters count two."""
    plain = re.sub(r"<[^>]+>", "", text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in plain)


def text_px(text: str, size: int = 12) -> float:
    """About how wide `text` is in pixels (its widest line)."""
    return max(columns_of(line) for line in text.split("<br>")) * (size * 0.58)


def title_trace(board: Canvas, grids: Sequence[Grid], texts: Sequence[str]) -> dict:
    """Texts centred above grids (one scatter of text: cheaper to redraw than annotations)."""
    return {
        "type": "scatter",
        "mode": "text",
        "x": [g.x + g.dx * g.cols / 2 for g in grids],
        "y": [g.y - 0.08 for g in grids],
        "text": list(texts),
        "textposition": "top center",
        "textfont": {"size": 12, "color": "#222"},
        "hoverinfo": "skip",
        "cliponaxis": False,
    }


def text_block(board: Canvas, lines: Sequence[str]) -> dict:
    """The step's text (formula, sums, where the window is) as one annotation."""
    return {
        "text": "<br>".join(lines),
        "x": 0,
        "y": 1 - board.text_top / board.height,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "font": {"size": TEXT_FONT_PX, "color": "#222"},
    }


def outline(
    grid: Grid, rows: tuple[int, int], cols: tuple[int, int], color: str, width: float
) -> dict:
    """A rectangle around cells rows[0]..rows[1] × cols[0]..cols[1] of one grid (a shape)."""
    return {
        "type": "rect",
        "x0": grid.x + grid.dx * cols[0],
        "x1": grid.x + grid.dx * (cols[1] + 1),
        "y0": grid.y + rows[0],
        "y1": grid.y + rows[1] + 1,
        "xref": "x",
        "yref": "y",
        "line": {"color": color, "width": width},
    }
