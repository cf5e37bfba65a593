"""A simple sliding-window throttle in the shared (database) cache, so limits hold across
every web process: `allow("public-draft", client_ip(request), "20/h")`."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'20/h' or '5/10m' -> (20, 3600) or (5, 600)."""
    amount, _, period = rate.partition("/")
    number = period[:-1] or "1"
    if not amount.isdigit() or not number.isdigit() or period[-1:] not in UNITS:
        raise ValueError(f"A rate looks like 20/h or 5/10m, not {rate!r}")
    return int(amount), int(number) * UNITS[period[-1]]


def allow(action: str, who: str | None, rate: str) -> bool:
    """Count one use of `action` by `who`; False when `who` has used up `rate`."""
    amount, seconds = parse_rate(rate)
    key = "cme-throttle:" + hashlib.sha256(f"{action}:{who or 'unknown'}".encode()).hexdigest()
    now = time.time()
    history = [moment for moment in cache.get(key, []) if moment > now - seconds]
    if len(history) >= amount:
        return False
    history.append(now)
    cache.set(key, history, seconds)
    return True
