"""Build a CNN: layers in, Keras-style summary out, with the formula behind every number."""

from dashboard.builder.page import render

render()
