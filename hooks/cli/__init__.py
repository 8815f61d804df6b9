"""The `solidarity` command for translators and facilitators."""
