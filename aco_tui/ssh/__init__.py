"""``aco-tui serve``: the app over SSH for a cohort of trainees.

Everything here imports :mod:`asyncssh` lazily; only :mod:`aco_tui.ssh.cli` is imported by the
command line, and it imports nothing heavy.
"""
