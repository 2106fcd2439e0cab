"""용어집 / Glossary: the course's terms in Korean and English."""

from dashboard.course.glossary_page import render

render()
