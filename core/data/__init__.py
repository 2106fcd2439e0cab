"""Datasets: the built-in ones, imported photo sets, statistics and a quality report."""
