"""The Datasets page: samples, statistics, quality report and imports."""
