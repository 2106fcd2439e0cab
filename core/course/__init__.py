"""The course's hands-on exercises, by document and section, set up in one click."""
