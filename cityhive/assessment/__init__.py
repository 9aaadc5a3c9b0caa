"""U4SSC KPI self-assessments, climate risks, emissions inventories and the needs they derive."""
