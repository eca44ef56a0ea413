"""``aco-tui serve``: the app over SSH for a cohort of trainees.

Everything here imports :mod:`asyncssh` lazily; only :mod:`aco_tui.cli.serve` is imported by the
command line, and it imports nothing heavy.
"""
