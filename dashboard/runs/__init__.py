"""Runs & evaluation: history, comparison and test-set evaluation."""
