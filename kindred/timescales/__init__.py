"""Statutory and local timescales: the working-day calendar (here) and, with casework, the rule catalogue."""
