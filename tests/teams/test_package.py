"""The Teams app package: manifest fields, icon sizes, and the zip `make teams-package` writes."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.helpers import REPO

DEPLOY = REPO / "deploy" / "teams"
APP_ID = "0f5f4c0e-1111-4222-8333-444455556666"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_manifest_has_the_required_fields() -> None:
    manifest = json.loads((DEPLOY / "manifest.json").read_text())
    version = manifest["manifestVersion"]
    assert manifest["$schema"] == (
        f"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json"
    )
    assert tuple(int(p) for p in version.split(".")) >= (1, 17)
    for key in ("version", "id", "developer", "name", "description", "icons", "accentColor", "validDomains"):
        assert manifest[key], key
    assert set(manifest["developer"]) >= {"name", "websiteUrl", "privacyUrl", "termsOfUseUrl"}
    assert all(
        manifest["developer"][k].startswith("https://") for k in ("websiteUrl", "privacyUrl", "termsOfUseUrl")
    )
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    assert manifest["id"] == "{{MICROSOFT_APP_ID}}"
    (bot,) = manifest["bots"]
    assert bot["botId"] == "{{MICROSOFT_APP_ID}}"
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    titles = {c["title"] for c in bot["commandLists"][0]["commands"]}
    assert titles == {"help", "checkpost"}
    (extension,) = manifest["composeExtensions"]
    (command,) = extension["commands"]
    assert command["id"] == "checkPost" and command["type"] == "action" and command["context"] == ["message"]
    assert command["title"] == "Check this post"
    rsc = manifest["authorization"]["permissions"]["resourceSpecific"]
    assert {"name": "ChannelMessage.Read.Group", "type": "Application"} in rsc
    assert manifest["webApplicationInfo"]["id"] == "{{MICROSOFT_APP_ID}}"


def test_icons_have_the_sizes_teams_requires() -> None:
    assert _png_size((DEPLOY / "color.png").read_bytes()) == (192, 192)
    assert _png_size((DEPLOY / "outline.png").read_bytes()) == (32, 32)
    from PIL import Image

    with Image.open(DEPLOY / "outline.png") as outline:
        colours = {colour for _, colour in outline.convert("RGBA").getcolors(32 * 32)}
    assert all(a == 0 or (r, g, b) == (255, 255, 255) for r, g, b, a in colours)  # white on transparent
    assert any(a == 0 for *_, a in colours)


def test_package_fills_in_the_app_id(tmp_path: Path) -> None:
    out = tmp_path / "policybot-teams.zip"
    result = subprocess.run(
        [
            sys.executable,
            str(DEPLOY / "package.py"),
            "--out",
            str(out),
            "--domain",
            "policybot.example.gov.au",
        ],
        env={"MicrosoftAppId": APP_ID, "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        assert _png_size(package.read("color.png")) == (192, 192)
    assert (
        manifest["id"] == manifest["bots"][0]["botId"] == manifest["composeExtensions"][0]["botId"] == APP_ID
    )
    assert "{{" not in json.dumps(manifest)
    assert "policybot.example.gov.au" in manifest["validDomains"]


def test_package_needs_an_app_id(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(DEPLOY / "package.py"), "--out", str(tmp_path / "x.zip")],
        env={"PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "MicrosoftAppId" in result.stderr
    assert not (tmp_path / "x.zip").exists()
