"""Optional OIDC login with an e-mail domain allow-list, and the warning when exposed without auth."""
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth

AUTH = {"redirect_uri": "https://news.example.org/oauth2callback", "cookie_secret": "s" * 40,
        "client_id": "id", "client_secret": "secret",
        "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration"}


def _user(email, verified=None):
    return {"is_logged_in": True, "email": email, "email_verified": verified}


def test_auth_providers_default_and_named():
    assert auth.providers({"auth": AUTH}) == [None]
    named = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": "x" * 40,
             "okta": {k: AUTH[k] for k in auth.PROVIDER_KEYS}}
    assert auth.providers({"auth": named}) == ["okta"]


@pytest.mark.parametrize("secrets", [{}, {"auth": {}}, {"auth": {**AUTH, "cookie_secret": ""}},
                                     {"auth": {k: v for k, v in AUTH.items() if k != "client_id"}},
                                     {"auth": "not a table"}])
def test_auth_incomplete_sections_do_not_turn_login_on(secrets):
    assert not auth.auth_configured(secrets)


@pytest.mark.parametrize("email,ok", [
    ("ana@example.org", True), ("Ana@EXAMPLE.org", True), ("ana@news.example.org", False),
    ("ana@evil-example.org", False), ("ana@example.org.evil.com", False), ("ana@example.org@x.com", False),
    ("@example.org", False), ("", False), (None, False)])
def test_auth_email_allowed_exact_domain(email, ok):
    assert auth.email_allowed(email, ["example.org"]) is ok


def test_auth_email_allowed_subdomains_only_with_leading_dot():
    assert auth.email_allowed("ana@news.example.org", [".example.org"])
    assert auth.email_allowed("ana@example.org", ["*.example.org"])
    assert not auth.email_allowed("ana@badexample.org", [".example.org"])


def test_auth_allowed_domains_normalised():
    assert auth.allowed_domains({"access": {"allowed_email_domains": ["@Example.org", " ", "b.net"]}}) == \
        ["b.net", "example.org"]
    assert auth.allowed_domains({"access": {"allowed_email_domains": "solo.org"}}) == ["solo.org"]


@pytest.mark.parametrize("host,loop", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
                                       ("127.0.0.2", True), ("0.0.0.0", False), ("::", False), ("", False),
                                       (None, False), ("10.0.0.5", False), ("news.example.org", False)])
def test_auth_is_loopback(host, loop):
    assert auth.is_loopback(host) is loop


def test_auth_exposure_warning():
    assert auth.exposure_warning("127.0.0.1", None, auth_on=False) is None
    assert "every network interface" in auth.exposure_warning(None, None, auth_on=False)
    assert "10.1.2.3" in auth.exposure_warning("10.1.2.3", None, auth_on=False)
    assert "viewer at 192.168.1.9" in auth.exposure_warning("localhost", "192.168.1.9", auth_on=False)
    assert auth.exposure_warning("0.0.0.0", "192.168.1.9", auth_on=True) is None


def test_auth_decide_without_auth_is_open():
    assert auth.decide({}, None, "127.0.0.1") == auth.Gate("open")
    assert auth.decide({}, None, "0.0.0.0").warning


def test_auth_decide_login_then_allow_list():
    secrets = {"auth": AUTH, "access": {"allowed_email_domains": ["example.org"]}}
    assert auth.decide(secrets, {"is_logged_in": False}).action == "login"
    assert auth.decide(secrets, _user("ana@example.org")) == auth.Gate("open")
    denied = auth.decide(secrets, _user("eve@elsewhere.com"))
    assert denied.action == "denied" and "eve@elsewhere.com" in denied.message
    assert auth.decide(secrets, _user("ana@example.org", verified=False)).action == "denied"


def test_auth_decide_without_allow_list_denies_unless_any_email_is_explicit():
    assert auth.decide({"auth": AUTH}, _user("ana@example.org")).action == "denied"
    assert auth.decide({"auth": AUTH, "access": {"allow_any_email": True}}, _user("x@y.org")).action == "open"


def _page():
    import streamlit as st

    from dashboard.auth import guard

    guard()
    st.write("the dashboard")


def test_auth_guard_asks_to_log_in_when_auth_is_configured():
    at = AppTest.from_function(_page)
    at.secrets["auth"] = AUTH
    at.secrets["access"] = {"allowed_email_domains": ["example.org"]}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert "the dashboard" not in [m.value for m in at.markdown]


def test_auth_guard_warns_when_exposed_without_auth():
    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert "the dashboard" in [m.value for m in at.markdown]
    assert any("without authentication" in w.value for w in at.warning)
