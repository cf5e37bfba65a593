"""Counts in words, as pages and messages say them."""

from __future__ import annotations


def counted(number: int, one: str, many: str = "") -> str:
    """"1 open case", "2,000 open cases"; `many` where adding an s is wrong ("enquiries")."""
    return f"{number:,} {one if number == 1 else (many or one + 's')}"
