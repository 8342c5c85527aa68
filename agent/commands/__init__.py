"""Command groups of the ``consentry`` CLI, one module each."""
