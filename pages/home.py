"""Home: what CNN Lab offers, with a link to every page."""

from dashboard.home import render

render()
