"""The review page in a real headless Chromium: draw, toggle, flag, save, then ``redact apply``.

Uses Debian's ``/usr/bin/chromium`` driven by Python ``playwright`` (never ``playwright install``:
that downloads a browser build). Skipped only when that Chromium is absent.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from redact.corrections import apply_command
from redact.preview import build_preview

from .test_preview import W, _inner, _pixels, make_masked_set

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "out" / "test-artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                "(apt-get install -y chromium)")


@pytest.fixture()
def browser_page(tmp_path: Path) -> Any:
    # A plain import: with Chromium present, a missing playwright (dev extra) must fail, not skip.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # A persistent context is how a fresh --user-data-dir is given; headless is playwright's own flag.
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            accept_downloads=True, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.set_default_timeout(10_000)
        yield page, errors
        context.close()


def _drag(page: Any, svg: Any, box: tuple[int, int, int, int]) -> None:
    svg.evaluate("n => n.scrollIntoView({block: 'center'})")
    bb = svg.bounding_box()
    scale = bb["width"] / W
    x0, y0 = bb["x"] + box[0] * scale, bb["y"] + box[1] * scale
    x1, y1 = bb["x"] + box[2] * scale, bb["y"] + box[3] * scale
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=3)
    page.mouse.move(x1, y1, steps=3)
    page.mouse.up()


def test_review_in_the_browser_then_apply(tmp_path: Path, browser_page: Any) -> None:
    page, errors = browser_page
    case = make_masked_set(tmp_path)
    out = tmp_path / "masked"
    html = build_preview(out)
    order = case["order"]
    a_id, f_id = order.index("a_name.jpg"), order.index("f_plain.jpg")
    marks = case["marks"]["a_name.jpg"]

    page.goto(html.as_uri())
    page.wait_for_selector("html[data-ready='1']")
    assert page.locator("article.card").count() == len(order)

    # The proposed regions are drawn where the report says, the kept name dashed in green.
    card = page.locator(f"#img-{a_id}")
    svg = card.locator("svg.draw-surface")
    svg.evaluate("n => n.scrollIntoView({block: 'center'})")
    sb = svg.bounding_box()
    rect = card.locator("svg.draw-surface g.region[data-region='0'] rect").bounding_box()
    name = case["records"]["a_name.jpg"]["regions"][0]["box"]
    scale = sb["width"] / W
    assert abs(rect["x"] - (sb["x"] + name[0] * scale)) < 3 and abs(rect["width"] - (name[2] - name[0]) * scale) < 3
    kept = page.locator(".region.kept.k-other_name rect").first
    style = kept.evaluate("n => [getComputedStyle(n).strokeDasharray, getComputedStyle(n).stroke]")
    assert style[0] not in ("", "none") and style[1] == "rgb(30, 138, 58)"

    # Switch the ID number off with the keyboard only.
    box = card.locator("input.toggle-region[data-region='1']")
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked()
    assert "off" in (card.locator("svg.draw-surface g.region[data-region='1']").get_attribute("class") or "")

    # Draw a missed box (kind chosen first) over the blank line.
    card.locator("select.add-kind").select_option("unit")
    blank = marks["blank"][0]
    _drag(page, svg, blank)
    assert card.locator("svg.draw-surface g.added rect").count() == 1
    assert card.locator(".added-list li").count() == 1

    # Flip a flag, then check filters and keys.
    page.locator(f"#img-{f_id} select.flag-select").select_option("yes")
    assert "2 images changed" in page.locator("#edits").inner_text()
    page.locator("#f-flag").select_option("error")
    assert page.locator("#shown").inner_text() == "1 shown"
    page.locator("#f-flag").select_option("")
    page.locator("body").click(position={"x": 5, "y": 990})
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.evaluate("document.querySelector('.card.current').id") == page.locator("article.card").first.get_attribute("id")
    page.keyboard.press("+")
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--zoom')").strip() == "1.25"
    page.keyboard.press("0")

    # Accessibility basics: every control labelled, every button named, Save reachable by Tab.
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('input, select, textarea'))
        .filter(n => !(n.labels && n.labels.length) && !n.getAttribute('aria-label')).map(n => n.outerHTML)""")
    assert unlabelled == []
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('button'))
        .filter(n => !(n.textContent.trim() || n.getAttribute('aria-label'))).length""")
    assert unnamed == 0
    page.locator(".toolbar h1").click()  # the keyboard walk starts at the top of the page
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "save":
            break
    assert page.evaluate("document.activeElement.id") == "save"

    # Save with the keyboard: a download, and the same text in the copy-paste box.
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    saved = tmp_path / "corrections.json"
    dl.value.save_as(saved)
    assert page.locator("#save-panel").is_visible()
    assert json.loads(page.locator("#save-text").input_value()) == json.loads(saved.read_text())
    corr = json.loads(saved.read_text())
    assert corr["version"] == 1 and Path(corr["report"]) == (out / "report.jsonl").resolve()
    by_input = {im["input"]: im for im in corr["images"]}
    assert set(by_input) == {"attach/a_name.jpg", "attach/f_plain.jpg"}
    a = by_input["attach/a_name.jpg"]
    assert a["disabled"] == [1] and a["needs_masking"] is None and a["added"][0]["kind"] == "unit"
    assert all(abs(got - want) <= 2 for got, want in zip(a["added"][0]["box"], blank))
    assert by_input["attach/f_plain.jpg"]["needs_masking"] is True

    page.locator("#close-save").click()
    assert page.locator("#save-panel").is_hidden()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(tmp_path / "preview.png"))
    card.screenshot(path=str(tmp_path / "preview-card.png"))
    for name in ("preview.png", "preview-card.png"):
        shutil.copyfile(tmp_path / name, ARTIFACTS / name)
    assert errors == []

    # Apply from another folder: the file names its report by absolute path.
    result = CliRunner().invoke(apply_command, [str(saved)])
    assert result.exit_code == 0, result.output
    px = _pixels(out / "a_name.jpg")
    assert px[_inner(blank, 4)].max() < 40  # the drawn box is filled
    ink = px[_inner(marks["id"][0])]
    assert ink.min() < 80 and ink.max() > 200  # the switched-off ID number is visible again
    assert px[_inner(marks["name"][0])].max() < 40
    lines = {json.loads(r)["input"]: json.loads(r) for r in (out / "report.jsonl").read_text().splitlines()}
    assert lines["attach/f_plain.jpg"]["needs_masking"] is True and lines["attach/f_plain.jpg"]["reviewed"]
    assert lines["attach/a_name.jpg"]["regions"][-1]["source"] == "manual"
