"""The class on the pages: who is signed in (join with the class code, the teacher's
password), and the teacher's board."""
