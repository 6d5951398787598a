"""A portfolio through git history: each commit checked incrementally (run) and the points a
history shows (points)."""
