"""A small Tk window for screen-capture tests: lines of synthetic text at a known place.

Run as ``python -m tests.agent.capture.screen.screen_app CLASS TITLE GEOMETRY LINE...``;
a ``CLASS`` starting with ``popup:`` makes an override-redirect window (a menu or
tooltip: not managed, not framed, not in the window manager's client list).
``CLASS`` becomes the window's WM_CLASS (Tk capitalises it: ``keepassxc`` →
``Keepassxc``, which the default policy denies), ``GEOMETRY`` is Tk's
``WxH+X+Y``. Once the window is shown it prints one JSON line per text line
to stdout — the line and its label's box in root coordinates — so a test
knows exactly which pixels show which value. Everything shown is synthetic.
"""

from __future__ import annotations

import json
import sys
import tkinter as tk

FONT = ("DejaVu Sans", 16)


def main(argv: list[str]) -> None:
    klass, title, geometry, lines = argv[0], argv[1], argv[2], argv[3:]
    popup = klass.startswith("popup:")
    root = tk.Tk(className=klass.removeprefix("popup:"))
    root.overrideredirect(popup)
    root.title(title)
    root.geometry(geometry)
    root.configure(background="white")
    labels = []
    for line in lines:
        label = tk.Label(root, text=line, font=FONT, anchor="w", background="white")
        label.pack(anchor="w", padx=12, pady=6)
        labels.append(label)

    def report() -> None:
        for line, label in zip(lines, labels, strict=True):
            x, y = label.winfo_rootx(), label.winfo_rooty()
            box = [x, y, x + label.winfo_width(), y + label.winfo_height()]
            print(json.dumps({"line": line, "box": box}), flush=True)

    root.wait_visibility(root)
    root.after(300, report)  # after the window manager has placed the window
    root.mainloop()


if __name__ == "__main__":
    main(sys.argv[1:])
