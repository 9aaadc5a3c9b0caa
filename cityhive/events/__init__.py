"""Events, registrations and 1:1 meetings."""
