"""Test a photo: ask a fine-tuned model (or ImageNet's) what it sees, and where it looked."""

from dashboard.transfer.photo_page import render

render()
