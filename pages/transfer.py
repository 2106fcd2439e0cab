"""Transfer learning: fine-tune a pretrained CNN on your photos; race the strategies."""

from dashboard.transfer.page import render

render()
