"""Course exercises: each one of the documents, set up in one click."""

from dashboard.course.page import render

render()
