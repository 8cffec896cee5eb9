"""Abstract illustrations for the sample archive, drawn with Pillow.

The demo needs pictures with captions and credits, but no photograph may be
copied in; these are generated, one small family per trend.
"""

from __future__ import annotations

import io
import random
import zlib

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    "ruling-elite": ((38, 52, 84), (196, 160, 82)),
    "society": ((26, 94, 99), (236, 201, 143)),
    "security": ((48, 62, 46), (160, 172, 120)),
    "belarus-west": ((22, 60, 120), (240, 204, 60)),
    "belarus-russia": ((120, 30, 40), (220, 220, 225)),
}


def illustration(trend: str, variant: int, size: tuple[int, int] = (1200, 675)) -> bytes:
    """A JPEG: a gradient in the trend's colours with a few seeded shapes."""
    base_key = trend.rsplit("-", 1)[0] if trend not in PALETTES else trend
    dark, light = PALETTES.get(base_key, ((60, 60, 70), (200, 200, 210)))
    rng = random.Random(zlib.crc32(f"{trend}/{variant}".encode()))
    width, height = size
    image = Image.new("RGB", size, dark)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(d + (lt - d) * t * 0.35) for d, lt in zip(dark, light, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(7 + variant):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(40, 260)
        shade = tuple(min(255, c + rng.randrange(-30, 30)) for c in light)
        if rng.random() < 0.5:
            draw.ellipse([x - r, y - r, x + r, y + r], outline=shade, width=rng.randrange(2, 9))
        else:
            draw.rectangle(
                [x - r, y - r // 2, x + r, y + r // 2], outline=shade, width=rng.randrange(2, 7)
            )
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82, optimize=True)
    return out.getvalue()
