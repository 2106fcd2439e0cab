"""The Lesson page: the teacher leads a course document step by step."""
