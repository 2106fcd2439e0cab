"""The teacher's class board: every student's runs, stop any, results as CSV."""

from dashboard.classroom.board_page import render

render()
