"""The core's wording, kept in wording.yaml next to this module and loaded when first needed."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml


@cache
def _wording() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).with_name("wording.yaml")).read_text(encoding="utf-8"))


def say(key: str, **values: object) -> str:
    template: Any = _wording()
    for part in key.split("."):
        template = template[part]
    return str(template).strip().format(**values)
