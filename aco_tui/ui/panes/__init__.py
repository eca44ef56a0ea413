"""aco_tui/ui/panes"""
