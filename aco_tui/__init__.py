"""aco-tui: learn how Accountable Care Organisations in the English NHS work, in a terminal."""
