"""aco_tui/cli"""
