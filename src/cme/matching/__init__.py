"""Matching people across records: the field-by-field comparison and its explanation
(interactive matching of one child against the index) and the batch linker for two
person files (Splink 5 on DuckDB, or Spark). Pure Python: no Django, no database
models; the child index runs the candidate query and calls in here to score."""
