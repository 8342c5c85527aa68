"""Labelled synthetic corpora for measuring redaction."""
