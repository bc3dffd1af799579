"""Debian's real nginx running the example server block of deploy/nginx.conf, for tests.

The block is used as shipped, with only what a test machine must change substituted in
a temporary copy (each substitution must match exactly once, so a test fails when the
example changes shape): the listen address (127.0.0.1 and a free port, no IPv6), the
root, the path of the security-headers snippet (the repository's own file) and, when
asked, the Isso server's port. It goes into a minimal main configuration like Debian's
(`http` with /etc/nginx/mime.types), with its pid, logs and temporary folders in a
temporary prefix, so nginx runs as the current user without root (as root, its workers
stay the current user too). No third-party host is involved: everything is on loopback.
"""

import grp
import http.client
import os
import pwd
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from loopback import free_port, require_tool
from sitebuild import ROOT

NGINX = Path(os.environ.get("NGINX_PATH") or "/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
EXAMPLE = ROOT / "deploy" / "nginx.conf"
SNIPPET = ROOT / "deploy" / "security-headers.conf"
MISSING_MESSAGE = (
    f"nginx not found at {NGINX} (or {MIME_TYPES}): apt-get install nginx, or set NGINX_PATH"
)
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def require_nginx() -> None:
    """Skip when nginx is missing; with CI set, fail instead (.ci/run installs it)."""
    found = NGINX.is_file() and os.access(NGINX, os.X_OK) and MIME_TYPES.is_file()
    require_tool(found, MISSING_MESSAGE)


def _substitute(text: str, pattern: str, replacement: str) -> str:
    changed, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if count != 1:
        raise AssertionError(f"deploy/nginx.conf: {pattern!r} matched {count} times, not once")
    return changed


def example_server_block(root: Path, port: int, comments_port: int | None = None) -> str:
    """deploy/nginx.conf with the test machine's listen port, root and snippet path."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = _substitute(text, r"^(\s*)listen 80;$", rf"\g<1>listen 127.0.0.1:{port};")
    text = _substitute(text, r"^\s*listen \[::\]:80;\n", "")
    text = _substitute(text, r"^(\s*)root /srv/blog/current;$", rf"\g<1>root {root};")
    text = _substitute(
        text,
        r"^(\s*)include /srv/blog/current/_redirects\*\.nginx;$",
        rf"\g<1>include {root}/_redirects*.nginx;",
    )
    text = _substitute(
        text,
        r"^(\s*)include /etc/nginx/snippets/security-headers\.conf;$",
        rf"\g<1>include {SNIPPET};",
    )
    if comments_port is not None:
        text = _substitute(
            text,
            r"proxy_pass http://127\.0\.0\.1:8090/;",
            f"proxy_pass http://127.0.0.1:{comments_port}/;",
        )
    return text


def main_config(prefix: Path, server_block: Path) -> str:
    """A main configuration like Debian's /etc/nginx/nginx.conf, everything in `prefix`."""
    user = ""
    if os.geteuid() == 0:  # root's workers would switch to `nobody`: keep the current user
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    temp = "\n".join(f"    {name}_temp_path {prefix / name};" for name in TEMP_PATHS)
    return f"""{user}
worker_processes 1;
pid {prefix / "nginx.pid"};
lock_file {prefix / "nginx.lock"};
error_log {prefix / "error.log"} warn;
events {{
    worker_connections 256;
}}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix / "access.log"};
{temp}
    include {server_block};
}}
"""


@dataclass
class NginxConfig:
    """A configuration written to a prefix folder, ready for `nginx -t` or to run."""

    prefix: Path
    port: int
    root: Path  # the folder served

    @property
    def main(self) -> Path:
        return self.prefix / "nginx.conf"

    @property
    def error_log(self) -> Path:
        return self.prefix / "error.log"

    def command(self, *options: str) -> list[str]:
        prefix, main, error_log = str(self.prefix), str(self.main), str(self.error_log)
        return [str(NGINX), "-p", prefix, "-c", main, "-e", error_log, *options]

    def test(self) -> subprocess.CompletedProcess:
        """`nginx -t`: its verdict is on standard error."""
        return subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=30)


def write_config(
    prefix: Path, root: Path, comments_port: int | None = None, server_block: str | None = None
) -> NginxConfig:
    """The example (or `server_block`, already substituted) serving `root`, in `prefix`."""
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    block = prefix / "site.conf"
    block.write_text(
        server_block or example_server_block(root, port, comments_port), encoding="utf-8"
    )
    config = NginxConfig(prefix, port, root)
    config.main.write_text(main_config(prefix, block), encoding="utf-8")
    return config


@dataclass
class RunningNginx:
    config: NginxConfig
    process: subprocess.Popen

    def request(
        self, path: str, headers: dict[str, str] | None = None, method: str = "GET"
    ) -> "Response":
        """One request on a new connection; the body as sent (not decompressed)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.config.port, timeout=10)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return Response(response.status, response.getheaders(), response.read())
        finally:
            connection.close()


@dataclass
class Response:
    status: int
    header_list: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The header's value (several lines of it joined with ', '), or None."""
        values = [v for k, v in self.header_list if k.lower() == name.lower()]
        return ", ".join(values) if values else None

    def headers(self) -> dict[str, str]:
        """Every header, lower-case names, repeated ones joined."""
        return {name.lower(): self.header(name) for name, _ in self.header_list}


@contextmanager
def running_nginx(config: NginxConfig) -> Iterator[RunningNginx]:
    """nginx in the foreground (`daemon off`) on the config's port, stopped on exit."""
    require_nginx()
    checked = config.test()
    if checked.returncode != 0:
        raise AssertionError(f"nginx -t failed:\n{checked.stderr}")
    with (config.prefix / "stderr.log").open("ab") as stderr:
        process = subprocess.Popen(
            config.command("-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        _wait_for_port(config, process)
        yield RunningNginx(config, process)
    finally:
        process.send_signal(signal.SIGTERM)  # fast shutdown: the master stops its workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_for_port(config: NginxConfig, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = config.error_log.read_text() if config.error_log.exists() else ""
            raise AssertionError(f"nginx exited with {process.returncode}:\n{log}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", config.port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on port {config.port} within 15 s")
