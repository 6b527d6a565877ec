"""Hostile and broken input, across the forms, the JSON importer, the uploads and the PDF.

Each case states the exact outcome: the status code, the Thai message the person reads, and
that nothing was written (or, for text that is cleaned, exactly what was stored).
"""
