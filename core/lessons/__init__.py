"""The course's lessons: a plan per document, step by step, for the teacher to lead."""
