"""The Train page: settings, live charts and races."""
