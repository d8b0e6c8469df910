"""The evaluation scores from pixels: an item counts only when (nearly) fully covered, a
distractor is hit by any real overlap, and the leak drill really plants and looks for leaks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from redact import Redactor
from redact.evaluate import Tally, leak_drill, score_image

TRUTH = {
    "needs_masking": True,
    "items": [{"kind": "name", "polygon": [[10, 10], [50, 10], [50, 30], [10, 30]], "text": "王伟"}],
    "distractors": [{"kind": "other_name", "polygon": [[60, 10], [110, 10], [110, 30], [60, 30]],
                     "text": "王伟东"}],
}


def _mask(x0: int, x1: int) -> np.ndarray:
    m = np.zeros((40, 120), dtype=bool)
    m[8:32, x0:x1] = True
    return m


def test_an_item_counts_only_when_fully_covered_and_a_distractor_when_touched() -> None:
    tally = Tally()
    score_image(_mask(8, 52), TRUTH, True, tally, "tight")
    s = tally.summary()
    assert s["recall"]["name"] == 1.0 and s["distractor_hits"]["other_name"] == 0
    assert 0.0 < s["excess_ratio"] < 0.5 and s["flag_accuracy"] == 1.0

    half = Tally()
    score_image(_mask(8, 30), TRUTH, True, half, "half")
    assert half.summary()["recall"]["name"] == 0.0 and "covered" in half.misses[0]

    greedy = Tally()
    score_image(_mask(8, 70), TRUTH, False, greedy, "greedy")
    s = greedy.summary()
    assert s["distractor_hits"]["other_name"] == 1 and s["flag_accuracy"] == 0.0



def test_a_photo_mask_on_a_page_without_a_photo_is_counted() -> None:
    blank = {"needs_masking": False, "items": [], "distractors": []}
    tally = Tally()
    score_image(np.zeros((40, 120), dtype=bool), blank, False, tally, "clean")
    score_image(_mask(8, 52), blank, True, tally, "emblem", photo_masked=True)
    # a page that shows a photo is not photo-free, whoever's it is
    with_photo = {**TRUTH, "items": [*TRUTH["items"], {"kind": "photo",
                                                       "polygon": [[60, 5], [100, 5], [100, 35], [60, 35]]}]}
    score_image(_mask(8, 100), with_photo, True, tally, "diploma", photo_masked=True)
    s = tally.summary()
    assert (s["photo_masks_on_photo_free_pages"], s["photo_free_pages"]) == (1, 2)
    assert any("emblem" in h and "photo" in h for h in tally.hits)


@pytest.mark.slow
def test_leak_drill_plants_leaks_and_times_the_verification(tmp_path: Path) -> None:
    from redact.synth import generate_set

    generate_set(tmp_path, n_applicants=1, seed=11, holdout_fraction=0.0,
                 doc_types=["title_cert", "annual_assessment"], effects=False)
    out = leak_drill(Redactor(), tmp_path, limit=2)
    assert out["planted"] == 2
    assert out["caught"] + len(out["missed"]) == 2
    assert out["verify_cost_ratio"] is not None and out["verify_cost_ratio"] < 1.0


def test_misses_on_holdout_pages_are_marked_so_tuning_can_stay_clear_of_them(tmp_path: Path) -> None:
    import json
    from types import SimpleNamespace

    from PIL import Image

    from redact.evaluate import evaluate

    lines = []
    for name, split in (("a.png", "tune"), ("b.png", "holdout")):
        Image.new("RGB", (120, 40), "white").save(tmp_path / name)
        lines.append(json.dumps({**TRUTH, "image": name, "split": split,
                                 "applicant": {"name": "王伟"}}, ensure_ascii=False))
    (tmp_path / "truth.jsonl").write_text("\n".join(lines), encoding="utf-8")

    class Nothing:  # masks nothing
        def redact(self, image: np.ndarray, applicant: object) -> SimpleNamespace:
            return SimpleNamespace(mask=lambda: np.zeros(image.shape[:2], bool), regions=(),
                                   needs_masking=False)

    summary = evaluate(Nothing(), tmp_path)  # type: ignore[arg-type]
    misses = summary["all"]["misses"]
    assert [m.split(":")[0] for m in misses if "covered" in m] == ["a.png", "b.png [holdout]"]
    assert all("[holdout]" not in m for m in summary["tune"]["misses"])
