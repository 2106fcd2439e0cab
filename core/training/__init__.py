"""Training: settings, data, schedules, the loop and its callbacks, runs, the run store and
evaluation."""
