"""Who is who and who owns what: the class's records (`db`), people and their names, their
sign-ins and secrets, the teacher's roster, classroom mode's settings, and the owner of
every run and dataset. core.classroom builds the lesson on it (assignments, the
leaderboard, the report)."""
