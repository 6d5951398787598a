"""pydantic models of the files in a portfolio; one module per file kind."""
