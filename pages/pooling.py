"""Pooling, step by step: MaxPooling2D and average pooling, one window at a time."""

from dashboard.convlab.pooling_page import render

render()
