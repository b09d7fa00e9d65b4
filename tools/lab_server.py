"""Start a throw-away JupyterLab server, and stop it by PID whatever happens.

Used by tests/browser/test_jupyterlab.py and tools/bench.py, together with
lab_runner.py, which drives the page::

    with jupyterlab_server(notebook_paths, log_path) as server:
        delete_sessions(server)
        run = run_notebook(browser.new_page(), server, "01_synthetic_data.ipynb")

The server is isolated from the repository and from the machine's Jupyter set-up:

* its root directory is a temporary *copy* of the notebooks, so running cells
  can never touch the stored outputs;
* settings, workspaces, runtime and data files, Jupyter config and the IPython
  profile live in the same temporary directory, and everything that would try
  the network (news, update check, extension manager) is off: test machines
  are offline;
* it listens on 127.0.0.1 only, on a free port, behind a random token;
* it runs in its own process group and is stopped by PID in a ``finally``, its
  kernels found and ended through psutil, so a failing test leaves no server or
  kernel behind.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

STARTUP_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0

# User settings written into the isolated settings directory, keyed by plugin id.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    # The other modes detach cells far from the viewport ("full") or skip
    # rendering them ("contentVisibility", the 4.6 default); the checks count
    # prompts and images over the whole notebook, so every cell must be there.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # No news feed, no update check, and no "fetch news?" toast over the menus.
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True,
    },
    # The files are copies anyway; keep them exactly as they were opened.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}
# Front-end plugins switched off because they talk to the internet.
DISABLED_PLUGINS = [
    "@jupyterlab/apputils-extension:announcements",
    "@jupyterlab/extensionmanager-extension:plugin",
]

@dataclass
class LabServer:
    """A running ``jupyter lab`` started by :func:`jupyterlab_server`."""

    process: subprocess.Popen[bytes]
    port: int
    token: str = field(repr=False)  # kept out of test reports and logs
    root_dir: Path
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, notebook: str) -> str:
        """URL opening ``notebook`` in a reset workspace (no panels restored from before)."""
        return f"{self.base_url}/lab/tree/{urllib.parse.quote(notebook)}?reset&token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10.0) -> Any:
        """Call the server's REST API; return the decoded JSON body, or None when it is empty."""
        request = urllib.request.Request(f"{self.base_url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return "(no server log)"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_isolated_config(home: Path) -> dict[str, str]:
    """Create settings and config under ``home``; return the environment that points at them."""
    settings_dir = home / "lab-settings"
    for plugin_id, values in LAB_SETTINGS.items():
        package, plugin = plugin_id.split(":")
        target = settings_dir / package / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2), encoding="utf-8")
    config_dir = home / "jupyter-config"
    page_config = config_dir / "labconfig" / "page_config.json"
    page_config.parent.mkdir(parents=True)
    page_config.write_text(json.dumps({"disabledExtensions": dict.fromkeys(DISABLED_PLUGINS, True)}),
                           encoding="utf-8")
    for name in ("workspaces", "runtime", "data", "ipython"):
        (home / name).mkdir()
    # Kernel specs and lab extensions are still found in sys.prefix/share/jupyter.
    return {
        "JUPYTERLAB_SETTINGS_DIR": str(settings_dir),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_CONFIG_DIR": str(config_dir),
        "IPYTHONDIR": str(home / "ipython"),
    }


def _lab_command(port: int, token: str, root_dir: Path) -> list[str]:
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        # Fail rather than quietly move to a port the caller does not know about.
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.expose_app_in_browser=True",  # see _OUTPUTS_BY_KIND_JS
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if os.geteuid() == 0:  # Jupyter refuses root (containers, CI) unless told it is on purpose.
        command.append("--allow-root")
    return command


@contextmanager
def jupyterlab_server(notebooks: Iterable[Path], log_path: Path,
                      startup_timeout: float = STARTUP_TIMEOUT_S) -> Iterator[LabServer]:
    """Run ``jupyter lab`` over temporary copies of ``notebooks`` for the duration of the block.

    The server's output is written to ``log_path``. However the block ends, the
    server and its kernels are stopped (:func:`stop_server`) and the copies deleted.
    """
    with tempfile.TemporaryDirectory(prefix="jupyterlab-driver-") as tmp:
        home = Path(tmp)
        root_dir = home / "notebooks"
        root_dir.mkdir()
        for path in notebooks:
            shutil.copy2(path, root_dir / Path(path).name)
        env = {**os.environ, **_write_isolated_config(home)}
        port, token = _free_port(), secrets.token_hex(24)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "wb") as log:
            # A process group of its own, so stop_server can signal all of it by the server's PID.
            process = subprocess.Popen(_lab_command(port, token, root_dir), cwd=root_dir, env=env,
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        server = LabServer(process, port, token, root_dir, log_path)
        try:
            _wait_until_ready(server, startup_timeout)
            yield server
        finally:
            stop_server(server)


def _wait_until_ready(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with code {server.process.returncode} before it "
                               f"was ready; its log ({server.log_path}) ends:\n{server.log_tail()}")
        try:
            server.api("GET", "status", timeout=2.0)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise TimeoutError(f"jupyter lab did not answer /api/status within {timeout:.0f} s; "
                               f"its log ({server.log_path}) ends:\n{server.log_tail()}")
        time.sleep(0.2)  # polling interval between two readiness checks


def stop_server(server: LabServer, timeout: float = STOP_TIMEOUT_S) -> None:
    """Stop the server by PID: SIGTERM its process group, SIGKILL if it lingers, then stray kernels.

    Returns once the server and every kernel it had are gone.
    """
    if server.process.poll() is not None:
        return
    # jupyter_client starts each kernel in a session of its own, out of reach of
    # the server's process group; they are looked up now, because once the
    # server has exited they are re-parented and no longer found below it.
    try:
        kernels = psutil.Process(server.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        kernels = []
    try:
        # On SIGTERM jupyter_server shuts its kernels down cleanly before exiting.
        os.killpg(server.pid, signal.SIGTERM)
        server.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.process.wait(timeout=STOP_TIMEOUT_S)
    except ProcessLookupError:  # it exited between poll() and killpg()
        server.process.wait(timeout=STOP_TIMEOUT_S)
    for kernel in kernels:
        with suppress(psutil.NoSuchProcess):
            kernel.kill()
    # A signal is delivered asynchronously: wait until the kernels have died.
    psutil.wait_procs(kernels, timeout=STOP_TIMEOUT_S)


def delete_sessions(server: LabServer) -> int:
    """Delete every session on the server, which shuts its kernel down; return how many there were."""
    sessions = server.api("GET", "sessions")
    for session in sessions:
        server.api("DELETE", f"sessions/{session['id']}")
    return len(sessions)
