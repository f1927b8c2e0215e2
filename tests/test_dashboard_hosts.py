"""The Host allow-list (DNS rebinding) and the paths viewers may not read."""
import pytest

from dashboard import hosts

ALLOWED = ["localhost", "127.0.0.1", "::1", "*.example.org"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8501", "127.0.0.1:8501", "[::1]:8501", "news.example.org",
                                  "NEWS.Example.org."])
def test_hosts_allowed_names(host):
    assert hosts.allowed(host, ALLOWED)


@pytest.mark.parametrize("host", ["evil.example", "example.org.evil.example", "", None, "localhost:notaport",
                                  "user@localhost", "localhost/x"])
def test_hosts_foreign_or_malformed_names_are_refused(host):
    assert not hosts.allowed(host, ALLOWED)


def test_hosts_no_list_allows_everything_as_streamlit_does():
    assert hosts.allowed("evil.example", [])


def test_hosts_metrics_path_is_blocked_under_any_base_path():
    assert hosts.blocked_path("/_stcore/metrics") and hosts.blocked_path("/news/_stcore/metrics/")
    assert not hosts.blocked_path("/_stcore/health")
