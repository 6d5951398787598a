"""The executive report: its view model (model), its charts (charts) and the Jinja templates that
render it as Markdown or self-contained HTML (templates)."""
