"""Transfer learning and Test a photo."""
