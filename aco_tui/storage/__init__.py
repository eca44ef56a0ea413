"""aco_tui/storage"""
