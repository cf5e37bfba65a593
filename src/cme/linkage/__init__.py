"""Knowing every child once: batch linkage of datasets (Splink on DuckDB) and
interactive matching of an incoming child against the child index (PostgreSQL)."""
