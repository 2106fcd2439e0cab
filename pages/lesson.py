"""Lesson plans: a course document step by step; in a class, the teacher brings everyone."""

from dashboard.lessons.page import render

render()
