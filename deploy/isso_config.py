"""An Isso configuration for this machine, made from the one the site owner deploys.

deploy/isso.cfg is what runs next to the site in production. `./inv isso` (comments
while previewing with `./inv livereload`) and the tests (tests/isso_server.py) start a
real Isso from the same file, with only what must differ replaced: the database in a
folder of ours, a loopback port, the local site's origins, no e-mail (notifications are
printed), no public endpoint behind nginx, and moderation on or off as asked.
"""

import configparser
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "isso.cfg"
ISSO = Path(sys.executable).with_name("isso")  # requirements-test.txt installs it


def write_local_config(
    folder: Path, port: int, site_origins: list[str], moderated: bool, guard: bool = True
) -> Path:
    """deploy/isso.cfg for Isso on 127.0.0.1:`port`, answering `site_origins`; its path."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(TEMPLATE, encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    config["general"].update(
        {
            "dbpath": str(folder / "comments.db"),
            "host": "\n".join(site_origins),
            "notify": "stdout",
            "reply-notifications": "false",
            "log-file": "",  # its log on standard output
        }
    )
    config["server"].update({"listen": f"http://127.0.0.1:{port}", "public-endpoint": ""})
    config["moderation"]["enabled"] = "true" if moderated else "false"
    config["guard"]["enabled"] = "true" if guard else "false"
    path = folder / "isso.cfg"
    with path.open("w", encoding="utf-8") as file:
        config.write(file)
    return path
