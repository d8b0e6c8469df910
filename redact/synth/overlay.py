"""Draw a truth record over its image (for eyeballing the ground truth)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

COLORS = {
    "name": (255, 0, 0),
    "id_number": (0, 160, 0),
    "unit": (0, 0, 255),
    "seal": (255, 0, 255),
    "photo": (255, 140, 0),
}


def draw_truth(root: Path, rec: dict[str, Any], distractors: bool = True, bands: bool = True) -> Image.Image:
    im = Image.open(Path(root) / rec["image"]).convert("RGB")
    d = ImageDraw.Draw(im)
    w = max(2, im.width // 600)
    for a in rec["items"] + (rec["distractors"] if distractors else []):
        base = a["kind"].replace("other_", "")
        col = COLORS.get(base, (128, 128, 128))
        if a["kind"].startswith("other_"):
            col = (col[0] // 2 + 100, col[1] // 2 + 100, col[2] // 2 + 100)
        pts = [tuple(p) for p in a["polygon"]]
        d.line([*pts, pts[0]], fill=col, width=w if not a["kind"].startswith("other_") else max(1, w // 2))
        d.ellipse([pts[0][0] - w * 2, pts[0][1] - w * 2, pts[0][0] + w * 2, pts[0][1] + w * 2], fill=col)
        if bands and "band" in a:
            bp = [tuple(p) for p in a["band"]]
            d.line([*bp, bp[0]], fill=(0, 200, 200), width=max(1, w // 2))
    return im
