"""Fetching a news page for the URL mode without opening a way into the host's network: every address a host name
resolves to is checked before connecting, and again for every redirect (followed here one hop at a time, not by
httpx): loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved
addresses are refused unless serve.allow_private_urls=true (tests, a lab intranet). A name that resolves differently
between the check and httpx's own lookup (DNS rebinding) is the residual risk; binding to 127.0.0.1 (the default)
keeps the server itself off the network."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """A page that cannot be summarized; `status` is the HTTP status the API answers with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    html: bytes  # undecoded: the extractor reads the charset from the page


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (an IPv4-mapped IPv6 address is judged as its IPv4)."""
    ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone index
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def address_policy(allow_private: bool) -> Callable[[str], bool]:
    """Which resolved addresses may be fetched: public ones, or any with serve.allow_private_urls=true."""
    return (lambda address: True) if allow_private else is_public


async def check_destination(url: str, allowed: Callable[[str], bool]) -> None:
    """Refuse a URL that is not http(s), has no host, or whose host resolves to an address `allowed` refuses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(422, f"url={url!r}: give an http:// or https:// address of a page.")
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(parts.hostname, parts.port or 0, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(502, f"{parts.hostname} could not be resolved ({error.strerror}).") from None
    addresses = sorted({info[4][0] for info in infos})
    blocked = [address for address in addresses if not allowed(address)]
    if blocked:
        raise FetchError(403, f"{parts.hostname} resolves to {', '.join(blocked)}: addresses in loopback, private or "
                              "link-local networks are refused (set serve.allow_private_urls=true to allow them).")


async def fetch_page(url: str, *, timeout_s: float, max_bytes: int, max_redirects: int,
                     allowed: Callable[[str], bool], user_agent: str) -> Page:  # fmt: skip
    """The page's HTML, or FetchError: refused address (403), unreachable or failing site (502), not HTML (415),
    larger than `max_bytes` (413), slower than `timeout_s` in all (504), too many redirects (502)."""
    try:
        async with asyncio.timeout(timeout_s), httpx.AsyncClient(
            follow_redirects=False, timeout=timeout_s, headers={"User-Agent": user_agent}, trust_env=False
        ) as client:
            for _ in range(max_redirects + 1):
                await check_destination(url, allowed)
                async with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return Page(url, await _read_html(response, max_bytes))
            raise FetchError(502, f"More than {max_redirects} redirects; stopped at {url}.")
    except TimeoutError:
        raise FetchError(504, f"{url} did not answer within {timeout_s:g} s.") from None
    except httpx.HTTPError as error:
        raise FetchError(502, f"{url} could not be fetched: {error.__class__.__name__}: {error}".rstrip(": ")) from None


async def _read_html(response: httpx.Response, max_bytes: int) -> bytes:
    if response.status_code >= 400:
        raise FetchError(502, f"{response.url} answered HTTP {response.status_code}.")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        raise FetchError(415, f"{response.url} is {content_type or 'of no stated type'}, not an HTML page.")
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(413, f"{response.url} is {int(declared):,} bytes; the limit is {max_bytes:,}.")
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > max_bytes:  # a missing or false Content-Length: stop reading at the limit
            raise FetchError(413, f"{response.url} is larger than the limit of {max_bytes:,} bytes.")
    return bytes(body)
