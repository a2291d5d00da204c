"""SQLite, the embedded default, as Django's backend plus what keeps its planner informed."""
