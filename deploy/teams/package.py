"""Builds the Teams app package deploy/teams/build/policybot-teams.zip: manifest.json, color.png, outline.png.

`make teams-package` runs it; the bot's app id comes from --app-id or the MicrosoftAppId environment variable.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "build" / "policybot-teams.zip"
FILES = ("manifest.json", "color.png", "outline.png")
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def manifest(app_id: str, domain: str | None) -> str:
    """The manifest with the app id filled in (and the bot's domain added to validDomains when given)."""
    data = json.loads(
        (HERE / "manifest.json").read_text(encoding="utf-8").replace("{{MICROSOFT_APP_ID}}", app_id)
    )
    if domain and domain not in data["validDomains"]:
        data["validDomains"].append(domain)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if "{{" in text:
        raise ValueError("manifest.json still holds a placeholder after filling it in")
    return text


def build(app_id: str, out: Path, domain: str | None = None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", manifest(app_id, domain))
        for name in FILES[1:]:
            package.write(HERE / name, arcname=name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the policybot Teams app package.")
    parser.add_argument(
        "--app-id",
        default=os.environ.get("MicrosoftAppId", ""),
        help="the bot's Microsoft App ID (default: $MicrosoftAppId)",
    )
    parser.add_argument(
        "--domain",
        default=os.environ.get("POLICYBOT_TEAMS_DOMAIN") or None,
        help="the bot's public host name, added to validDomains (optional)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    args = parser.parse_args(argv)
    app_id = args.app_id.strip()
    if not GUID.match(app_id):
        print(
            "teams-package: set MicrosoftAppId (or --app-id) to the bot's Microsoft App ID, a GUID like "
            "00000000-0000-0000-0000-000000000000",
            file=sys.stderr,
        )
        return 2
    out = build(app_id, args.out, args.domain)
    print(f"teams-package: wrote {out} (upload it in Teams: Apps > Manage your apps > Upload an app)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
