"""Who may see the dashboard: optional OIDC login (st.login) with an e-mail domain allow-list.

Logic is pure (`decide` and helpers, unit-tested); `guard()` is the one Streamlit call the page makes.
Configuration lives in `.streamlit/secrets.toml` (see docs/internal-server.md):

    [auth]                      # read by st.login; its presence turns login on
    redirect_uri = "https://news.example.org/oauth2callback"
    cookie_secret = "..."
    client_id = "..."
    client_secret = "..."
    server_metadata_url = "https://idp.example.org/.well-known/openid-configuration"

    [access]                    # read by this module only
    allowed_email_domains = ["example.org"]
"""
from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
DOCS = "docs/internal-server.md"


@dataclass(frozen=True)
class Gate:
    """What the page must do: `open` (show the app), `login` (ask to log in) or `denied`."""

    action: str
    message: str = ""
    provider: str | None = None  # the named [auth.<provider>] to log in with, None for the [auth] one
    warning: str | None = None  # shown above an open app


def _has(section: Mapping, keys: tuple[str, ...]) -> bool:
    return all(str(section.get(k) or "").strip() for k in keys)


def providers(secrets: Mapping) -> list[str | None]:
    """Usable OIDC providers in `[auth]`: None for settings directly in it, else the `[auth.<name>]` names."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or not _has(auth, SHARED_KEYS):
        return []
    found: list[str | None] = [None] if _has(auth, PROVIDER_KEYS) else []
    return found + sorted(k for k, v in auth.items() if isinstance(v, Mapping) and _has(v, PROVIDER_KEYS))


def auth_configured(secrets: Mapping) -> bool:
    """True when secrets.toml holds an `[auth]` section st.login can use."""
    return bool(providers(secrets))


def allowed_domains(secrets: Mapping) -> list[str]:
    """The e-mail domains in `[access] allowed_email_domains`, lower-case, without a leading `@`."""
    access = secrets.get("access")
    raw = access.get("allowed_email_domains", []) if isinstance(access, Mapping) else []
    if isinstance(raw, str):
        raw = [raw]
    return sorted({str(d).strip().lower().lstrip("@") for d in raw if str(d).strip().lstrip("@")})


def email_allowed(email: str | None, domains: list[str]) -> bool:
    """Is the address in an allowed domain? `example.org` matches exactly; `.example.org` also subdomains."""
    if not email or email.count("@") != 1:
        return False
    local, domain = email.strip().lower().split("@")
    if not local or not domain:
        return False
    for d in domains:
        if d.startswith(("*.", ".")):
            base = d.lstrip("*").lstrip(".")
            if domain == base or domain.endswith("." + base):
                return True
        elif domain == d:
            return True
    return False


def is_loopback(host: str | None) -> bool:
    """Does this address only accept connections from this machine? Unset or 0.0.0.0 means every interface."""
    host = (host or "").strip().strip("[]").lower()
    if not host:
        return False
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(server_address: str | None, client_ip: str | None, auth_on: bool) -> str | None:
    """A warning when the app is reachable from the network without authentication, else None."""
    if auth_on:
        return None
    if not is_loopback(server_address):
        where = f"address {server_address}" if (server_address or "").strip() else "every network interface"
    elif client_ip and not is_loopback(client_ip):
        where = f"a proxy or tunnel (viewer at {client_ip})"
    else:
        return None
    return (f"This dashboard is served on {where} without authentication: anyone who can reach it can read "
            f"the corpus. Configure [auth] in .streamlit/secrets.toml (see {DOCS}) or serve on 127.0.0.1.")


def decide(secrets: Mapping, user: Mapping | None, server_address: str | None = None,
           client_ip: str | None = None) -> Gate:
    """Whether to show the app, ask for a login, or refuse this user."""
    found = providers(secrets)
    if not found:
        return Gate("open", warning=exposure_warning(server_address, client_ip, auth_on=False))
    if not user or not user.get("is_logged_in"):
        return Gate("login", "Log in with your organisation account to see the dashboard.", provider=found[0])
    email = user.get("email")
    if user.get("email_verified") is False:
        return Gate("denied", f"The address {email} is not verified by the identity provider.")
    access = secrets.get("access") if isinstance(secrets.get("access"), Mapping) else {}
    domains = allowed_domains(secrets)
    if not domains and access.get("allow_any_email") is True:
        return Gate("open")
    if not domains:
        return Gate("denied", "No e-mail domains are allowed yet: the operator must set "
                              f"[access] allowed_email_domains in secrets.toml (see {DOCS}).")
    if not email_allowed(email, domains):
        return Gate("denied", f"The account {email or '(no e-mail)'} is not in an allowed domain.")
    return Gate("open")


def _secrets(st) -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml at all, or one that does not parse: treat as no auth
        return {}


def guard() -> None:
    """The page's gate: stop with a login or refusal screen, or show a warning when exposed without auth."""
    import streamlit as st

    secrets = _secrets(st)
    user = None
    if auth_configured(secrets):
        user = {"is_logged_in": bool(st.user.get("is_logged_in")), "email": st.user.get("email"),
                "email_verified": st.user.get("email_verified")}
    gate = decide(secrets, user, st.get_option("server.address"), st.context.ip_address)
    if gate.action == "login":
        st.title("News analytics")
        st.info(gate.message)
        st.button("Log in", on_click=st.login, args=(gate.provider,), type="primary")
        st.stop()
    if gate.action == "denied":
        st.title("News analytics")
        st.error(gate.message)
        st.button("Log out", on_click=st.logout)
        st.stop()
    if gate.warning:
        st.warning(gate.warning, icon=":material/warning:")
