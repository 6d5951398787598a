"""The commands of the CLI, one module per group; importing them registers them on the app."""
