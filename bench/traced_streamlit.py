"""`streamlit run` with every rerun request a browser sends logged (session id, time) to $RERUN_TRACE.

Used by the load test to tell a view that never updated because the server dropped the request from a
click whose request never reached the server (bench/load_test.py --trace).
"""
import os
import sys
import threading
import time

from streamlit.runtime import app_session
from streamlit.web.cli import main

_lock = threading.Lock()
_original = app_session.AppSession._handle_rerun_script_request


def _traced(self, client_state=None):
    with _lock, open(os.environ["RERUN_TRACE"], "a", encoding="utf-8") as out:
        out.write(f"{time.time():.3f} {self.id}\n")
    return _original(self, client_state)


app_session.AppSession._handle_rerun_script_request = _traced

if __name__ == "__main__":
    sys.exit(main())
