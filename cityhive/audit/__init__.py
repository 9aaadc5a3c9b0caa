"""The append-only contact log between cities and companies, and the security log."""
