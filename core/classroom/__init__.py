"""A class on one server: who is who (the teacher, the students), who owns which run and
dataset, and the class's records, in one SQLite file beside the run folders."""
