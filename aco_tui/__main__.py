"""Allow ``python -m aco_tui``."""

from aco_tui.cli.main import main

raise SystemExit(main())
