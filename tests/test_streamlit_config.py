"""The internal-server settings in .streamlit/config.toml are real Streamlit options with safe values."""
import tomllib

from streamlit import config as st_config

from conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"
SAFE = {"server.headless": True, "server.enableXsrfProtection": True, "server.enableCORS": True,
        "server.corsAllowedOrigins": [], "server.enableStaticServing": False, "browser.gatherUsageStats": False,
        "client.showErrorDetails": "none", "client.toolbarMode": "viewer", "server.fileWatcherType": "none"}


def _options() -> dict:
    data = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return {f"{section}.{key}": value for section, items in data.items() for key, value in items.items()}


def test_streamlit_config_every_option_exists():
    unknown = [k for k in _options() if k not in st_config._config_options_template]
    assert unknown == []


def test_streamlit_config_internal_server_values():
    opts = _options()
    assert {k: opts.get(k) for k in SAFE} == SAFE
    assert opts["server.maxUploadSize"] <= 1
    assert opts["server.allowedHosts"] and "*" not in opts["server.allowedHosts"]  # a Host allow-list is on


def test_streamlit_config_secrets_are_not_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".streamlit/secrets.toml" in ignored
