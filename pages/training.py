"""Train a CNN: set it up, start it, and watch it learn live (or race several set-ups)."""

from dashboard.training.page import render

render()
