"""Writing a portfolio: the files of a new portfolio and partnership, tidying YAML (fmt), and
spreadsheets in and out. Everything written keeps the user's comments and lands atomically."""
