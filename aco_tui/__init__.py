"""aco-tui: learn how Accountable Care Organisations in the English NHS work, in a terminal."""

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it from here)
