"""Runs and evaluation: the run history, comparisons, and a finished run on its test set."""

from dashboard.runs.page import render

render()
