"""aco_tui/knowledge"""
