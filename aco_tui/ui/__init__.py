"""aco_tui/ui"""
