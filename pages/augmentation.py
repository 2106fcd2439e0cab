"""Augmentation lab: compose a pipeline, preview seeded augmented versions, export it."""

from dashboard.augment.page import render

render()
