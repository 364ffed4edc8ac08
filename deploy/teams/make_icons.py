"""Draws the Teams app icons once (the PNGs are committed): color.png 192×192, outline.png 32×32.

Run from the repository root with Pillow installed (a dev dependency): `python deploy/teams/make_icons.py`.
The outline icon is white on a transparent background, as Teams requires.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
ACCENT = (31, 78, 121, 255)  # the manifest's accentColor, #1F4E79
WHITE = (255, 255, 255, 255)


def shield(size: int, inset: float) -> list[tuple[float, float]]:
    """A shield outline (guidance that protects) scaled to the icon."""
    s, i = size, size * inset
    return [
        (s / 2, i),
        (s - i, i + s * 0.12),
        (s - i, s * 0.52),
        (s / 2, s - i),
        (i, s * 0.52),
        (i, i + s * 0.12),
    ]


def tick(size: int) -> list[tuple[float, float]]:
    s = size
    return [(s * 0.34, s * 0.50), (s * 0.46, s * 0.62), (s * 0.67, s * 0.38)]


def color_icon(size: int = 192) -> Image.Image:
    image = Image.new("RGBA", (size, size), ACCENT)
    draw = ImageDraw.Draw(image)
    draw.polygon(shield(size, 0.16), outline=WHITE, width=10)
    draw.line(tick(size), fill=WHITE, width=12, joint="curve")
    return image


def outline_icon(size: int = 32) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon(shield(size, 0.06), outline=WHITE, width=2)
    draw.line(tick(size), fill=WHITE, width=2)
    return image


def main() -> None:
    color_icon().save(HERE / "color.png", optimize=True)
    outline_icon().save(HERE / "outline.png", optimize=True)


if __name__ == "__main__":
    main()
