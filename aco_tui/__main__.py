"""Allow ``python -m aco_tui``."""

from aco_tui.cli import main

raise SystemExit(main())
