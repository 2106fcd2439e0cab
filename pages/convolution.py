"""Convolution, step by step: a Conv2D kernel sliding over an input, one window at a time."""

from dashboard.convlab.convolution_page import render

render()
