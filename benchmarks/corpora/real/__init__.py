"""Screens drawn by real programs (Chromium, xterm, Tk) under Xvfb, labelled to the pixel.

Each source module exposes ``generate(count, seed, display) -> list[Screen]``;
:func:`labels.label` turns a known text box on a real rendering into the ink
mask the scorer of :mod:`benchmarks.corpora.screen_corpus` compares.
"""
