"""Who is asking: the client's address, seen through the proxies the deployment trusts."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the person's browser or system.

    Behind proxies the deployment runs (CME_TRUSTED_PROXY_COUNT of them, each adding to
    X-Forwarded-For), it is the entry the outermost trusted proxy added; with
    CME_CLIENT_IP_HEADER, the header a trusted proxy sets. Otherwise the connection's own
    address: a client cannot choose its address by sending a header. A header that does
    not hold what the settings promise falls back to the connection's address."""
    if request is None:
        return None
    remote = _clean(request.META.get("REMOTE_ADDR"))
    header = settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    if header:
        return _clean(request.headers.get(header)) or remote
    count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count > 0 and forwarded:
        hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
        if len(hops) >= count:
            return _clean(hops[-count]) or remote
    return remote
