"""Where the Chromium for the browser tests and the benchmark is: found, never downloaded."""

import os
import shutil
from pathlib import Path

# Quiet, offline-friendly headless Chromium: without the networking flags it keeps trying to
# reach Google's hosts, which this machine's closed network refuses.
BASE_FLAGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
]

MISSING = ("No Chromium found. Install Debian's package (`sudo apt-get install chromium`) "
           "or set CHROMIUM_PATH to a Chromium binary.")


def chromium_path(playwright):
    """$CHROMIUM_PATH, else Playwright's own Chromium if installed, else one on the PATH; or None."""
    candidates = [os.environ.get("CHROMIUM_PATH")]
    try:
        candidates.append(playwright.chromium.executable_path)
    except Exception:
        pass
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    candidates.append("/usr/bin/chromium")
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
