"""The URL mode's guard (addresses checked after DNS and on every redirect) and fetching limits, in-process against
the local news site."""

from __future__ import annotations

import asyncio

import pytest

from summarizer.serving.articles import extract_article
from summarizer.serving.fetching import FetchError, address_policy, check_destination, fetch_page, is_public
from tests.serving.conftest import PAGES


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False), ("127.8.9.10", False), ("::1", False),  # loopback
        ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.0.10", False), ("fd00::1", False),  # private
        ("169.254.169.254", False), ("fe80::1%eth0", False),  # link-local: cloud metadata
        ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False), ("::ffff:127.0.0.1", False),
        ("8.8.8.8", True), ("2001:4860:4860::8888", True), ("::ffff:8.8.8.8", True),
    ],
)
def test_only_public_unicast_addresses_are_public(address, public):
    assert is_public(address) is public


def fetch(url: str, allowed, **limits):
    settings = {"timeout_s": 5, "max_bytes": 500_000, "max_redirects": 3, "user_agent": "test"} | limits
    return asyncio.run(fetch_page(url, allowed=allowed, **settings))


def test_a_name_resolving_to_loopback_is_refused_unless_private_urls_are_allowed(news_site):
    port = news_site.rsplit(":", 1)[1]
    with pytest.raises(FetchError) as refused:
        asyncio.run(check_destination(f"http://localhost:{port}/article.html", address_policy(False)))
    assert refused.value.status == 403 and "localhost resolves to" in refused.value.message
    assert "serve.allow_private_urls=true" in refused.value.message
    asyncio.run(check_destination(f"http://localhost:{port}/article.html", address_policy(True)))  # no error


def test_every_redirect_is_checked_again(news_site):
    only_this_host = {"127.0.0.1"}  # a policy allowing the first hop's address but not the redirect's
    page = fetch(f"{news_site}/moved", allowed=only_this_host.__contains__)
    assert page.url == f"{news_site}/article.html"  # a redirect within allowed addresses is followed
    port = news_site.rsplit(":", 1)[1]
    seen = []

    def first_address_only(address):
        seen.append(address)
        return len(seen) == 1

    with pytest.raises(FetchError) as refused:
        fetch(f"http://127.0.0.1:{port}/moved", allowed=first_address_only)
    assert refused.value.status == 403 and len(seen) == 2


def test_redirect_limit_and_the_size_limit_without_content_length(news_site):
    with pytest.raises(FetchError) as redirects:
        fetch(f"{news_site}/moved", allowed=address_policy(True), max_redirects=0)
    assert redirects.value.status == 502 and "More than 0 redirects" in redirects.value.message
    with pytest.raises(FetchError) as too_big:
        fetch(f"{news_site}/article.html", allowed=address_policy(True), max_bytes=1000)
    assert too_big.value.status == 413


def test_the_saved_news_page_yields_its_article_and_the_front_page_none_worth_summarizing():
    article = extract_article((PAGES / "korean_news.html").read_bytes(), "http://news.test/a")
    assert article.title == "서울시, 청년 주거 지원에 1천200억 원 투입"
    assert "신청은 내년 1월 2일부터" in article.text and "로그인" not in article.text
    front = extract_article((PAGES / "no_article.html").read_bytes(), "http://news.test/")
    assert front is None or len(front.text) < 50  # serve.url.min_article_chars
