"""Pipeline stages, one module each, in run order: ingest, parse, segment, annotate, classify, tabulate, write."""
