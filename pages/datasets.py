"""Datasets: pick one, look at it (samples, counts, pixels, a batch), check it, import your own."""

from dashboard.datasets.page import render

render()
