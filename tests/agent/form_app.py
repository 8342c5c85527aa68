"""A small Tk application for end-to-end capture tests: a notes box, a masked entry, PII on show.

Run as ``python -m tests.agent.form_app TITLE`` on a test display. Its
WM_CLASS is ``Consentryform`` (Tk capitalises the class name). Everything it
shows is synthetic; the values are given on the command line so the test
knows exactly what must never leave the device:

    python -m tests.agent.form_app "Expenses form" "EMAIL" "CARD"

The notes box has focus at start; Ctrl+Tab moves to the masked entry
(``show="*"``), as in a sign-in form. Both are inside one X window: from
outside, only the window is known, never which of its fields has focus.
"""

from __future__ import annotations

import sys
import tkinter as tk

FONT = ("DejaVu Sans", 16)
WM_CLASS = "Consentryform"


def main(argv: list[str]) -> None:
    title, shown = argv[0], argv[1:]
    root = tk.Tk(className="consentryform")
    root.title(title)
    root.geometry("620x420+40+40")
    for value in shown:
        tk.Label(root, text=f"Contact: {value}", font=FONT, anchor="w").pack(fill="x", padx=12)
    tk.Label(root, text="Notes", font=FONT, anchor="w").pack(fill="x", padx=12, pady=(12, 0))
    notes = tk.Text(root, height=4, width=40, font=FONT)
    notes.pack(padx=12, fill="x")
    tk.Label(root, text="Secret", font=FONT, anchor="w").pack(fill="x", padx=12, pady=(12, 0))
    tk.Entry(root, show="*", font=FONT).pack(padx=12, fill="x")
    notes.focus_set()
    root.mainloop()


if __name__ == "__main__":
    main(sys.argv[1:])
