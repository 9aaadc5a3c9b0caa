"""U4SSC KPI self-assessments, climate risks and emissions inventories, and the needs they derive."""
