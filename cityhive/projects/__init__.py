"""Projects, consortia, investment opportunities and financing plans."""
