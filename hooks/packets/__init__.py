"""Printable facilitator packets: paper HTML from the model, jobs, the cache, the render pool."""
