"""The validated model: sources read safely, interface strings, principles and cases,
workshops and curricula, translations and their status, the clock, the planner.

Nothing here imports another wing, MkDocs or WeasyPrint.
"""
