"""Inside a trained network: feature maps, filters, statistics, and one image's Grad-CAM."""

from dashboard.inside.page import render

render()
