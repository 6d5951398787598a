"""Reading a portfolio: bytes safely, YAML 1.2 with a source map, then the models."""
