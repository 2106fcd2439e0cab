"""The Course page: the documents' exercises, each set up on its page in one click."""
