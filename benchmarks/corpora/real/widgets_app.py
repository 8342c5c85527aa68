"""The Tk program behind the widget corpus: draws one window from a spec, reports where its text is.

Started by :mod:`benchmarks.corpora.real.widgets` with DISPLAY set, it reads one
JSON spec line on stdin, fills the screen with real Tk/ttk widgets (Treeview,
Entry, Text, Listbox, Label, Notebook …), and once the window is mapped and full
screen prints one JSON line: the screen box of every segment of every text line
the spec named, asked of the widgets themselves (``Treeview.bbox``, per-character
``Entry.bbox`` and ``Text.bbox``, ``Listbox.bbox`` plus font measures). It
prints the boxes again each time a line arrives on stdin, so the parent can ask
after the pixels have settled, and exits at end of input.

A segment that is not wholly on screen (cut by its widget or a parent) is
reported as null rather than as the part that shows. Only the standard library
and tkinter are imported, to keep start-up fast.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any, Literal

try:
    import tkinter as tk
    import tkinter.font as tkfont
    from tkinter import ttk
except ImportError as error:  # pragma: no cover - depends on the Python build
    sys.stderr.write(
        f"tkinter is not available ({error}): install python3-tk / tk-dev and rebuild the venv\n"
    )
    raise SystemExit(3) from error

Box = list[int]
Node = dict[str, Any]
Inset = tuple[int, int, int, int]
"""Pixels kept clear inside a widget's edges: left, top, right, bottom."""
Locator = Callable[[], list[Box | None] | None]
"""Screen boxes of a line's segments, or None when the widget cannot say."""

DPI = 96
"""Points are converted at 96 dpi, as on most X11 desktops, whatever Xvfb reports."""
SETTLE_TIMEOUT_S = 10.0
"""How long the window manager may take to make the window full screen."""
GAP = 6
"""Padding between widgets, in pixels."""
CELL_PAD = 24
"""Room beside the widest text of a table column, so no cell is ever clipped."""
CELL_INSET = 2
"""A table cell's box is cut by this much on each side before it is reported: the
labeller widens boxes by a pixel, which would otherwise reach the grid's borders."""


LIGHT_TAGS = {"muted": "#5f6368", "name": "#8b2252"}
"""Colours of styled text segments in the light themes (dark palettes carry their own)."""


def _bold(master: tk.Misc, font: tkfont.Font, grow: int = 0) -> tkfont.Font:
    """A bold cut of ``font``, ``grow`` points larger."""
    family, size = str(font.actual("family")), int(font.actual("size"))
    return tkfont.Font(master, family=family, size=size + grow, weight="bold")


def _segments(line: list[list[Any]]) -> list[tuple[str, str]]:
    """(text, style) of each segment of a spec line ``[[text, type, style], …]``."""
    return [(str(seg[0]), str(seg[2] or "")) for seg in line]


def _text_of(line: list[list[Any]]) -> str:
    return "".join(text for text, _ in _segments(line))


class App:
    """One full-screen window built from a spec, and a locator for every text line in it."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.root = tk.Tk(className="consentrywidgets")
        self.root.tk.call("tk", "scaling", DPI / 72)
        self.root.title(spec["title"])
        self.palette: dict[str, str] | None = spec.get("palette")
        self.style = ttk.Style(self.root)
        self.style.theme_use(spec["ttk_theme"])
        self.font, self.text_font = self._fonts(spec)
        self.bold = _bold(self.root, self.font)
        self.heading = _bold(self.root, self.font, grow=2)
        self._colours()
        self.locators: dict[str, Locator] = {}
        self.root.attributes("-fullscreen", True)
        width, height = self.root.winfo_screenwidth(), self.root.winfo_screenheight()
        self.root.geometry(f"{width}x{height}+0+0")
        self._regions(spec["regions"], spec.get("widths", {}))

    # -- look -----------------------------------------------------------------------

    def _fonts(self, spec: dict[str, Any]) -> tuple[tkfont.Font, tkfont.Font]:
        """The body and text-area fonts; Tk's own defaults when the spec names none."""
        if spec.get("font") is None:
            return tkfont.nametofont("TkDefaultFont"), tkfont.nametofont("TkFixedFont")
        body = tkfont.Font(self.root, family=spec["font"]["family"], size=spec["font"]["size"])
        text = spec.get("text_font") or spec["font"]
        return body, tkfont.Font(self.root, family=text["family"], size=text["size"])

    def _colours(self) -> None:
        """Fonts everywhere; a dark palette, when given, on classic and ttk widgets alike."""
        line = self.font.metrics("linespace")
        self.style.configure(".", font=self.font)
        self.style.configure("Treeview", rowheight=line + 8)
        self.style.configure("Treeview.Heading", font=self.bold)
        self.style.configure("Heading.TLabel", font=self.heading)
        self.style.configure("Bold.TLabel", font=self.bold)
        self.root.option_add("*Font", self.font)
        self.root.option_add("*Listbox.activeStyle", "none")
        pal = self.palette
        if pal is None:
            self.style.configure("Muted.TLabel", foreground=LIGHT_TAGS["muted"])
            return
        for option, colour in (
            ("*Background", pal["bg"]), ("*Foreground", pal["fg"]),
            ("*Text.Background", pal["field"]), ("*Listbox.Background", pal["field"]),
            ("*Entry.Background", pal["field"]), ("*highlightBackground", pal["bg"]),
            ("*highlightColor", pal["border"]), ("*selectBackground", pal["select"]),
            ("*selectForeground", pal["fg"]), ("*insertBackground", pal["fg"]),
            ("*disabledForeground", pal["muted"]),
        ):  # fmt: skip
            self.root.option_add(option, colour)
        self.root.configure(background=pal["bg"])
        self.style.configure(
            ".", background=pal["bg"], foreground=pal["fg"], fieldbackground=pal["field"],
            bordercolor=pal["border"], lightcolor=pal["panel"], darkcolor=pal["panel"],
            troughcolor=pal["panel"], selectbackground=pal["select"], selectforeground=pal["fg"],
            insertcolor=pal["fg"], focuscolor=pal["border"],
        )  # fmt: skip
        self.style.map(".", background=[("active", pal["panel"])])
        self.style.configure(
            "Treeview", background=pal["field"], fieldbackground=pal["field"], foreground=pal["fg"]
        )
        self.style.configure("Treeview.Heading", background=pal["panel"], foreground=pal["fg"])
        self.style.configure("TNotebook.Tab", background=pal["panel"], foreground=pal["fg"])
        self.style.map("TNotebook.Tab", background=[("selected", pal["bg"])])
        self.style.configure("TButton", background=pal["panel"], foreground=pal["fg"])
        self.style.configure("TEntry", fieldbackground=pal["field"], foreground=pal["fg"])
        self.style.configure("Muted.TLabel", foreground=pal["muted"])

    # -- layout ---------------------------------------------------------------------

    def _regions(self, regions: dict[str, list[Node]], widths: dict[str, int]) -> None:
        """Top and bottom bars, left and right panes, and the main area filling the rest."""
        bars: tuple[Literal["top", "bottom"], ...] = ("top", "bottom")
        panes: tuple[Literal["left", "right"], ...] = ("left", "right")
        for bar_side in bars:
            if regions.get(bar_side):
                bar = ttk.Frame(self.root, padding=(GAP, GAP // 2))
                bar.pack(side=bar_side, fill="x")
                ttk.Separator(self.root).pack(side=bar_side, fill="x")
                self._line_up(bar, regions[bar_side])
        for pane_side in panes:
            if regions.get(pane_side):
                pane = ttk.Frame(self.root, padding=GAP, width=widths.get(pane_side, 240))
                pane.pack(side=pane_side, fill="y")
                pane.pack_propagate(False)
                self._stack(pane, regions[pane_side])
        main = ttk.Frame(self.root, padding=GAP)
        main.pack(side="top", fill="both", expand=True)
        self._stack(main, regions.get("main", []))

    def _stack(self, parent: tk.Misc, nodes: list[Node]) -> None:
        for node in nodes:
            widget = self._build(parent, node)
            grow = bool(node.get("expand"))
            if node["type"] == "label":  # as wide as its text, so its box is the text's
                widget.pack(side="top", anchor="w", pady=(0, GAP))
            else:
                widget.pack(side="top", fill="both" if grow else "x", expand=grow, pady=(0, GAP))

    def _line_up(self, parent: tk.Misc, nodes: list[Node]) -> None:
        for node in nodes:
            right = bool(node.get("right"))
            self._build(parent, node).pack(
                side="right" if right else "left", padx=(GAP, 0) if right else (0, GAP * 2)
            )

    def _build(self, parent: tk.Misc, node: Node) -> tk.Widget:
        """The widget for a spec node: ``{"type": "entry", …}`` is built by ``_entry``."""
        builder: Callable[[tk.Misc, Node], tk.Widget] = getattr(self, f"_{node['type']}")
        return builder(parent, node)

    # -- widgets ----------------------------------------------------------------------

    def _label(self, parent: tk.Misc, node: Node) -> ttk.Label:
        """A ttk.Label without padding; ``style`` is "heading", "bold", "muted" or empty."""
        style = str(node.get("style") or "")
        label = ttk.Label(
            parent, text=_text_of(node["line"]), padding=0,
            style=f"{style.capitalize()}.TLabel" if style else "TLabel",
        )  # fmt: skip
        font = {"heading": self.heading, "bold": self.bold}.get(style, self.font)
        self._locate_label(node, label, font)
        return label

    def _locate_label(self, node: Node, label: ttk.Label, font: tkfont.Font) -> None:
        """Segments sit at their measured advance from the text's start, centred in the label."""
        segments = _segments(node["line"])

        def locate() -> list[Box | None]:
            x, y = label.winfo_rootx(), label.winfo_rooty()
            width, height = label.winfo_width(), label.winfo_height()
            left = x + (width - font.measure(_text_of(node["line"]))) // 2
            boxes: list[Box | None] = []
            for i, (text, _) in enumerate(segments):
                start = left + font.measure("".join(t for t, _ in segments[:i]))
                box = [start, y, start + font.measure(text), y + height]
                # The label holds nothing but its text: its outer segments reach its edges.
                if i == 0:
                    box[0] = x
                if i == len(segments) - 1:
                    box[2] = x + width
                boxes.append(box if _inside(label, box) else None)
            return boxes

        self.locators[node["id"]] = locate

    def _pairs(self, parent: tk.Misc, node: Node) -> ttk.Frame:
        """Caption and value side by side, a row each, as in a details panel or a form."""
        frame = ttk.Frame(parent)
        columns = int(node.get("columns", 1))
        for i, (caption, value) in enumerate(node["rows"]):
            row, col = divmod(i, columns)
            self._build(frame, caption).grid(
                row=row, column=col * 2, sticky="w", padx=(0 if col == 0 else GAP * 4, GAP),
                pady=GAP // 2,
            )  # fmt: skip
            self._build(frame, value).grid(
                row=row, column=col * 2 + 1, sticky="ew" if value["type"] == "entry" else "w",
                pady=GAP // 2,
            )  # fmt: skip
        for col in range(columns):
            frame.columnconfigure(col * 2 + 1, weight=1)
        return frame

    def _group(self, parent: tk.Misc, node: Node) -> ttk.LabelFrame:
        frame = ttk.LabelFrame(parent, text=node["title"], padding=GAP)
        self._stack(frame, node["children"])
        return frame

    def _columns(self, parent: tk.Misc, node: Node) -> ttk.Frame:
        """Side-by-side columns of nodes, each as wide as the others."""
        frame = ttk.Frame(parent)
        for i, nodes in enumerate(node["children"]):
            column = ttk.Frame(frame)
            column.grid(row=0, column=i, sticky="nsew", padx=(0, GAP * 2))
            frame.columnconfigure(i, weight=1, uniform="columns")
            self._stack(column, nodes)
        return frame

    def _notebook(self, parent: tk.Misc, node: Node) -> ttk.Notebook:
        book = ttk.Notebook(parent)
        page = ttk.Frame(book, padding=GAP * 2)
        self._stack(page, node["children"])
        book.add(page, text=node["tabs"][0])
        for tab in node["tabs"][1:]:
            book.add(ttk.Frame(book), text=tab)
        return book

    def _buttons(self, parent: tk.Misc, node: Node) -> ttk.Frame:
        frame = ttk.Frame(parent)
        for text in node["texts"]:
            ttk.Button(frame, text=text, takefocus=False).pack(side="left", padx=(0, GAP))
        return frame

    def _checks(self, parent: tk.Misc, node: Node) -> ttk.Frame:
        frame = ttk.Frame(parent)
        for text, on in node["items"]:
            variable = tk.BooleanVar(frame, value=on)
            check = ttk.Checkbutton(frame, text=text, variable=variable, takefocus=False)
            check.pack(side="top", anchor="w")
            check.variable = variable  # type: ignore[attr-defined]  # keep it alive
        return frame

    def _entry(self, parent: tk.Misc, node: Node) -> tk.Entry | ttk.Entry:
        """A plain (``show=""``) entry, classic or themed, wide enough for its text."""
        text = _text_of(node["line"])
        chars = max(int(node.get("chars", 0)), len(text) + 2)
        entry: tk.Entry | ttk.Entry
        if node.get("classic"):
            entry = tk.Entry(parent, width=chars, relief="sunken", borderwidth=1, show="")
        else:
            entry = ttk.Entry(parent, width=chars, show="", font=self.font)
        entry.insert(0, text)
        entry.xview_moveto(0)
        segments = _segments(node["line"])

        def locate() -> list[Box | None]:
            boxes: list[Box | None] = []
            start = 0
            for seg, _ in segments:
                boxes.append(_char_span(entry, start, start + len(seg), (1, 0, 1, 0)))
                start += len(seg)
            return boxes

        self.locators[node["id"]] = locate
        return entry

    def _text(self, parent: tk.Misc, node: Node) -> tk.Text:
        """A Text area (chat, notes, log): one spec line per text line, styles as tags."""
        text = tk.Text(
            parent, wrap="none", font=self.text_font, relief="flat", borderwidth=0,
            highlightthickness=1, padx=GAP, pady=GAP, spacing1=2,
            height=int(node.get("height", 10)), width=20, cursor="",
        )  # fmt: skip
        for style in ("muted", "name"):
            text.tag_configure(style, foreground=(self.palette or LIGHT_TAGS)[style])
        text.tag_configure("name", font=_bold(text, self.text_font))
        for row, item in enumerate(node["lines"], start=1):
            for seg, style in _segments(item["line"]):
                text.insert("end", seg, (style,) if style else ())
            text.insert("end", "\n")
            self.locators[item["id"]] = _text_locator(text, row, _segments(item["line"]))
        text.configure(state="disabled")
        return text

    def _listbox(self, parent: tk.Misc, node: Node) -> tk.Listbox:
        listbox = tk.Listbox(
            parent, height=int(node.get("height", 8)), relief="flat", borderwidth=0,
            highlightthickness=1, activestyle="none", exportselection=False,
        )  # fmt: skip
        font = self.text_font if node.get("mono") else self.font
        listbox.configure(font=font)
        for i, item in enumerate(node["items"]):
            listbox.insert("end", _text_of(item["line"]))
            self.locators[item["id"]] = _listbox_locator(listbox, i, _segments(item["line"]), font)
        return listbox

    def _tree(self, parent: tk.Misc, node: Node) -> ttk.Treeview:
        """A table: each cell is one line of one segment, its box the cell's."""
        columns = [f"c{i}" for i in range(len(node["headings"]))]
        tree = ttk.Treeview(
            parent, columns=columns, show="headings", selectmode="none", takefocus=False,
            height=int(node.get("height", 10)),
        )  # fmt: skip
        for i, (column, heading) in enumerate(zip(columns, node["headings"], strict=True)):
            cells = [_text_of(row["cells"][i]) for row in node["rows"]]
            width = max(self.bold.measure(heading), *(self.font.measure(c) for c in cells))
            width += CELL_PAD
            tree.heading(column, text=heading, anchor="w")
            tree.column(column, anchor="w", width=width, minwidth=width, stretch=False)
        shade = self.palette["panel"] if self.palette else "#f2f4f7"
        tree.tag_configure("odd", background=shade)
        for r, row in enumerate(node["rows"]):
            values = [_text_of(cell) for cell in row["cells"]]
            tags = ("odd",) if node.get("striped") and r % 2 else ()
            item = tree.insert("", "end", values=values, tags=tags)
            for i, column in enumerate(columns):
                self.locators[f"{row['id']}.{i}"] = _cell_locator(tree, item, column)
        return tree

    # -- running ----------------------------------------------------------------------

    def settle(self) -> None:
        """Wait until the window is mapped and the window manager has made it full screen.

        Polled rather than ``wait_visibility``, which waits forever when the
        window became visible before it was called.
        """
        self.root.update_idletasks()
        want = (0, 0, self.root.winfo_screenwidth(), self.root.winfo_screenheight())
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while True:
            self.root.update()
            root = self.root
            got = (root.winfo_rootx(), root.winfo_rooty(), root.winfo_width(), root.winfo_height())
            if got == want and root.winfo_viewable():
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"window never became full screen: at {got}, want {want}")
            time.sleep(0.02)

    def report(self) -> None:
        self.root.update()
        boxes = {key: locate() for key, locate in self.locators.items()}
        font = {
            "family": self.font.actual("family"),
            "size": self.font.actual("size"),
            "linespace": self.font.metrics("linespace"),
        }
        sys.stdout.write(json.dumps({"boxes": boxes, "font": font}) + "\n")
        sys.stdout.flush()

    def serve(self) -> None:
        """Report now, and again for each line on stdin; quit at end of input."""
        self.report()

        def on_input(*_: object) -> None:
            if sys.stdin.readline():
                self.report()
            else:
                self.root.destroy()

        self.root.tk.createfilehandler(sys.stdin, tk.READABLE, on_input)
        self.root.mainloop()


# -- locators ----------------------------------------------------------------------------


def _visible(widget: tk.Misc) -> Box:
    """The part of a widget on screen: its box cut by every ancestor's."""
    x0, y0 = widget.winfo_rootx(), widget.winfo_rooty()
    box = [x0, y0, x0 + widget.winfo_width(), y0 + widget.winfo_height()]
    parent = widget.master
    while parent is not None:
        px, py = parent.winfo_rootx(), parent.winfo_rooty()
        right, bottom = px + parent.winfo_width(), py + parent.winfo_height()
        box = [max(box[0], px), max(box[1], py), min(box[2], right), min(box[3], bottom)]
        parent = parent.master
    return box


def _inside(widget: tk.Misc, box: Box, inset: Inset = (0, 0, 0, 0)) -> bool:
    """True when ``box`` (screen) lies wholly inside the widget's visible part, less ``inset``."""
    x0, y0, x1, y1 = _visible(widget)
    left, top, right, bottom = inset
    return (
        box[0] >= x0 + left and box[1] >= y0 + top and box[2] <= x1 - right
        and box[3] <= y1 - bottom and box[0] < box[2] and box[1] < box[3]
    )  # fmt: skip


def _char_span(
    widget: tk.Entry | ttk.Entry | tk.Text,
    start: int,
    end: int,
    inset: Inset,
    row: int | None = None,
) -> Box | None:
    """Screen box from the first to the last character of [start, end), if all of it shows."""
    if end <= start:
        return None

    def bbox(i: int) -> list[int] | None:
        # tkinter's Entry has no bbox of its own (it inherits grid_bbox): ask Tk directly.
        found = widget.tk.call(str(widget), "bbox", i if row is None else f"{row}.{i}")
        return [int(n) for n in widget.tk.splitlist(found)] or None

    first, last = bbox(start), bbox(end - 1)
    if not first or not last:
        return None
    x, y = widget.winfo_rootx(), widget.winfo_rooty()
    box = [
        x + first[0], y + min(first[1], last[1]),
        x + last[0] + last[2], y + max(first[1] + first[3], last[1] + last[3]),
    ]  # fmt: skip
    return box if _inside(widget, box, inset) else None


def _text_inset(text: tk.Text) -> Inset:
    """Tk cuts a partly hidden character's bbox at the text area's right and bottom edges
    (inside the padding): a span must end short of them to be known whole."""
    edge = int(text.cget("borderwidth")) + int(text.cget("highlightthickness"))
    return edge, edge, edge + int(text.cget("padx")) + 1, edge + int(text.cget("pady")) + 1


def _text_locator(text: tk.Text, row: int, segments: list[tuple[str, str]]) -> Locator:
    def locate() -> list[Box | None]:
        boxes: list[Box | None] = []
        start = 0
        for seg, _ in segments:
            boxes.append(_char_span(text, start, start + len(seg), _text_inset(text), row))
            start += len(seg)
        return boxes

    return locate


def _listbox_locator(
    listbox: tk.Listbox, index: int, segments: list[tuple[str, str]], font: tkfont.Font
) -> Locator:
    def locate() -> list[Box | None]:
        item = listbox.bbox(index)
        if not item:
            return [None] * len(segments)
        x, y = listbox.winfo_rootx() + item[0], listbox.winfo_rooty() + item[1]
        boxes: list[Box | None] = []
        for i, (seg, _) in enumerate(segments):
            start = x + font.measure("".join(s for s, _ in segments[:i]))
            box = [start, y, start + font.measure(seg), y + item[3]]
            boxes.append(box if _inside(listbox, box, (1, 1, 1, 1)) else None)
        return boxes

    return locate


def _cell_locator(tree: ttk.Treeview, item: str, column: str) -> Locator:
    def locate() -> list[Box | None]:
        cell = tree.bbox(item, column)
        if not cell:
            return [None]
        x, y = tree.winfo_rootx() + cell[0], tree.winfo_rooty() + cell[1]
        box = [x + CELL_INSET, y + CELL_INSET, x + cell[2] - CELL_INSET, y + cell[3] - CELL_INSET]
        return [box if _inside(tree, box, (1, 1, 1, 1)) else None]

    return locate


def main() -> int:
    line = sys.stdin.readline()
    if not line:
        sys.stderr.write("widgets_app: expected one JSON spec line on stdin\n")
        return 2
    app = App(json.loads(line))
    app.settle()
    app.serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
