"""The default engine: RapidOCR's PP-OCR ONNX models on onnxruntime, all shipped in its wheel.

Only RapidOCR's model wrappers are used, not its ``RapidOCR.__call__``: that stores per-call
options on the shared object (unsafe across threads) and estimates character boxes with one
average width per line. Here recognition returns the CTC peak column of every character so
``redact.reading`` can place characters on their actual ink.
"""

from __future__ import annotations

import copy
import functools
import logging
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ..elements import Box
from ..errors import EngineUnavailableError
from ..geometry import true_runs
from .base import Recognition

log = logging.getLogger(__name__)

#: The int8 recogniser and detector built by ``models/build_int8.py`` from the wheel's models.
INT8_REC = Path(__file__).resolve().parent / "models" / "PP-OCRv6_rec_small_int8.onnx"
INT8_DET = Path(__file__).resolve().parent / "models" / "PP-OCRv6_det_small_int8.onnx"
REC_HEIGHT = 48
#: Most lanes (threads) one call uses when ``threads`` is left to the engine.
MAX_LANES = 4
#: Short crops are padded to this width. RapidOCR pads to 320, which on roster pages full of
#: one-word cells is a third of the recogniser's work; 160 reads them as well or better
#: (男 instead of 男司) and cuts the padded area from 1.51x to 1.25x the crops' own.
REC_MIN_WIDTH = 160
REC_BATCH = 8
#: Most input pixels (batch x width) per recogniser run. Past about 1300 columns of 48 px the
#: activations fall out of cache and every column costs 1.5-2x more (2-core AVX-512 machine:
#: 2.3 ms per 100 columns up to there, 3.4 at 2400, 4.6 at 5000).
REC_BATCH_PX = 1280
#: Blank context, in detector pixels, kept around the page's ink (the detector's boxes reach
#: about half a line height past the ink).
DET_CONTEXT = 32
#: Pages whose darkest ink is fewer grey levels than this below the paper are stretched to
#: full contrast before detection.
LOW_CONTRAST = 96
#: Rows of blank paper, in detector pixels, that separate two detector tiles. A text line
#: never crosses a row blank across the whole page, so tiles cut there split no line.
DET_GAP = 16
#: Tiles are grown to about this many detector rows: small enough that the detector's
#: activations stay in cache (1.6 against 2.4 ms per 10k pixels for a whole page), large
#: enough that the paper frame round each tile is little extra work.
DET_TILE_ROWS = 320
#: Past this share of ink pixels a page is not print on even paper, and is detected whole.
TILE_MAX_INK = 0.3
#: Page taken round each tile, in detector pixels (a detected box reaches about half a line
#: height past its ink).
DET_TILE_PAD = 16
#: Ink height, in detector pixels, at which the detector still finds every line. A tile whose
#: smaller text is taller than this at the page's scale is shrunk towards it: the detector's
#: cost is its pixels, and 10.5 pt at 200 dpi stands about 23 px high at the page's scale.
DET_TEXT_PX = 16
#: A tile is never shrunk below this share of the page's scale.
DET_MIN_SHRINK = 0.6
#: Columns without ink, in detector pixels, at which a seal's rows kept at the page's scale
#: are cut off from the rest of their row (the detector takes DET_TILE_PAD round each part).
KEEP_COL_GAP = 2 * DET_TILE_PAD + 2


class RapidOcrEngine:
    """PP-OCR detection, direction classification and recognition through RapidOCR.

    Args:
        det_max_side: the detector sees the page scaled so its longer side is at most this many
            pixels (text of 10 pt at 200 dpi stays about 17 px high at 1600).
        threads: CPU threads one call may use; ``0``: one per core (at most MAX_LANES).
            With more than one, the recogniser runs its batches side by side on that many
            lanes, each model run on one thread, and the detector runs on that many threads.
        model_dir: a folder with RapidOCR-compatible ONNX files to use instead of the wheel's.
        quantized: detect and read page lines with the int8 models (on this project's 2-core
            machine a 1120 x 800 detector tile takes 0.16 s against 0.38 s, a recogniser batch
            of 4 x 320 columns 30 against 42 ms; 0.4% of characters read differently, see
            ``models/README.md``). :meth:`precise` gives the float models, which seals, the
            verification pass and the second look at blobs over seals use.
    """

    name = "rapidocr"

    def __init__(self, det_max_side: int = 1600, threads: int = 0,
                 model_dir: str | Path | None = None, quantized: bool = True) -> None:
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - a hard dependency
            raise EngineUnavailableError(
                "the rapidocr package is not installed: pip install 'rapidocr>=3.10' onnxruntime"
            ) from exc
        params: dict[str, Any] = {
            "Global.log_level": "error",
            "Det.limit_type": "max",
            "Det.limit_side_len": int(det_max_side),
            # Score a detected region by its own outline, not its bounding rectangle: a line
            # that bends (a signature in a bigger hand at its end) fills little of its rectangle
            # and was dropped whole, name included.
            "Det.score_mode": "slow",
            # Recognition spreads its batches over lanes instead of splitting each model run
            # across threads (see ``recognize``); RapidOCR's detector is the float twin's only.
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        if model_dir is not None:
            params["Global.model_root_dir"] = str(model_dir)
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        try:
            ocr = RapidOCR(params=params)
            # Load every model now: lazy loading inside a request would race between threads.
            self._det = ocr._load_det_model()
            self._cls = ocr._load_cls_model()
            self._rec = ocr._load_rec_model()
        except Exception as exc:
            raise EngineUnavailableError(f"cannot load RapidOCR's models: {exc}") from exc
        self.lanes = max(1, int(threads)) if threads else min(MAX_LANES, os.cpu_count() or 1)
        # Shared by every call and by the precise twin, so concurrent calls never run more
        # model runs at once than there are lanes.
        self._pool = ThreadPoolExecutor(self.lanes, thread_name_prefix="redact-ocr") \
            if self.lanes > 1 else None
        self._fast: Any = None
        self._fast_det: Any = None
        if quantized and model_dir is None:
            self._fast = _ort_session(INT8_REC, 1)
            self._fast_det = _ort_session(INT8_DET, self.lanes)
        # RapidOCR's sessions run on one thread (above); the float detector, which sees whole
        # pages when there is no int8 one, gets the lanes' threads as the int8 one does.
        float_det = getattr(getattr(self._det.session, "session", None), "_model_path", None)
        self._float_det: Any = _ort_session(Path(float_det), self.lanes) \
            if float_det and self.lanes > 1 else None
        self.det_max_side = int(det_max_side)
        self._charset: list[str] = list(self._rec.postprocess_op.character)

    def precise(self) -> RapidOcrEngine:
        """This engine detecting and reading with the float models (shares every loaded model)."""
        if self._fast is None and self._fast_det is None:
            return self
        twin = copy.copy(self)
        twin._fast = twin._fast_det = None
        return twin

    # -- detection ---------------------------------------------------------------------------
    def detect(self, image: np.ndarray, keep_scale: Sequence[Box] = ()) -> list[np.ndarray]:
        h, w = image.shape[:2]
        scale = min(1.0, self.det_max_side / max(h, w))
        # Small images are scaled up so that short side text still spans enough pixels. The
        # windows cut from a page (a blob over a seal, a seal's surroundings, verification)
        # need it too, though their text is at page scale. Detected at their own size (about
        # a third of the pixels of a blob's 0.34 s detection), the main set lost a unit, its
        # seal and a name split over two lines (session 12).
        if max(h, w) * scale < 736:
            scale = 736 / max(h, w)
        image = _stretched(image)
        # Blank margins are a quarter of a typical page; the detector is fully convolutional,
        # so it sees only the inked part, at the scale chosen for the whole page.
        x0, y0, x1, y1 = ink_bounds(image, pad=math.ceil(DET_CONTEXT / scale))
        image = image[y0:y1, x0:x1]
        h, w = image.shape[:2]
        work = image if scale == 1.0 else cv2.resize(
            image, (max(32, round(w * scale)), max(32, round(h * scale))),
            interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
        bgr = np.ascontiguousarray(work[:, :, ::-1])
        pre = self._det.get_preprocess()
        # RapidOCR's own preprocessing normalises in float64 (80 ms a page); same sums in float32.
        gain = (np.float32(pre.scale) / np.asarray(pre.std, np.float32)).reshape(1, 1, 3)
        offset = (np.asarray(pre.mean, np.float32) / np.asarray(pre.std, np.float32)).reshape(1, 1, 3)
        paper = np.percentile(bgr[::8, ::8].reshape(-1, 3), 90, axis=0).astype(np.uint8)
        found: list[np.ndarray] = []
        bh, bw = bgr.shape[:2]
        text = text_ink(bgr)
        # Only a page the detector already sees smaller is shrunk by its text's height: a
        # small window (a blob or a seal's surroundings read again) is detected at full size.
        shrinkable = scale < 1.0
        # The boxes to keep at the page's scale, in the detector's pixels.
        keep = [(round((kx0 - x0) * scale), round((ky0 - y0) * scale),
                  round((kx1 - x0) * scale), round((ky1 - y0) * scale))
                for kx0, ky0, kx1, ky1 in keep_scale]
        parts: list[tuple[int, int, int, int, float]] = []
        # Dark print (4-5 ms a page) is looked for only when a seal's rows have no blank row
        # to be cut at, and then once for the page.
        dark = functools.cache(functools.partial(dark_print, bgr, text)) \
            if text is not None else None
        for ty0, ty1, tx0, tx1 in tiles_of(text, bh, bw):
            f = tile_shrink(text[ty0:ty1, tx0:tx1]) if shrinkable and text is not None else 1.0
            if text is not None and f < 1.0:
                parts += kept_rows(text, (ty0, ty1, tx0, tx1), f, keep, dark)
            else:
                parts.append((ty0, ty1, tx0, tx1, 1.0))
        for ty0, ty1, tx0, tx1, f in parts:
            # Each tile with DET_TILE_PAD of the page round it (blank: tiles are cut in blank
            # rows), padded with paper to the detector's multiple of 32.
            cy0, cy1 = max(0, ty0 - DET_TILE_PAD), min(bh, ty1 + DET_TILE_PAD)
            cx0, cx1 = max(0, tx0 - DET_TILE_PAD), min(bw, tx1 + DET_TILE_PAD)
            crop = bgr[cy0:cy1, cx0:cx1]
            if f < 1.0:
                crop = cv2.resize(crop, (max(8, round(crop.shape[1] * f)), max(8, round(crop.shape[0] * f))),
                                  interpolation=cv2.INTER_AREA)
            ch, cw = crop.shape[:2]
            th, tw = -(-ch // 32) * 32, -(-cw // 32) * 32
            tile = np.empty((th, tw, 3), np.uint8)
            tile[:] = paper
            tile[:ch, :cw] = crop
            x = (tile.astype(np.float32) * gain - offset).transpose(2, 0, 1)[None]
            x = np.ascontiguousarray(x)
            det = self._fast_det if self._fast_det is not None else self._float_det
            preds = self._det.session(x) if det is None \
                else det.run(None, {det.get_inputs()[0].name: x})[0]
            boxes, _scores = self._det.postprocess_op(preds, (th, tw))
            fx, fy = (cx1 - cx0) / cw, (cy1 - cy0) / ch
            for q in np.asarray(boxes if boxes is not None else [], dtype=np.float32):
                q = q.copy()
                q[:, 0] = q[:, 0] * fx + cx0
                q[:, 1] = q[:, 1] * fy + cy0
                found.append(q)
        if not found:
            return []
        sx, sy = w / work.shape[1], h / work.shape[0]
        quads = []
        for q in np.asarray(self._det.sorted_boxes(np.asarray(found)), dtype=np.float32):
            q = q.copy()
            q[:, 0] = q[:, 0] * sx + x0
            q[:, 1] = q[:, 1] * sy + y0
            quads.append(q)
        return quads

    # -- direction ---------------------------------------------------------------------------
    def upside_down(self, crops: Sequence[np.ndarray]) -> list[float]:
        if not crops:
            return []
        batch = np.stack([self._cls.resize_norm_img(np.ascontiguousarray(c[:, :, ::-1]))
                          for c in crops]).astype(np.float32)
        if self._pool is None or len(batch) < 4:
            probs = np.asarray(self._cls.session(batch))
        else:
            # The page waits for this vote with every lane idle: half the pieces on each.
            half = len(batch) // 2
            parts = [self._pool.submit(self._cls.session, b) for b in (batch[:half], batch[half:])]
            probs = np.concatenate([np.asarray(f.result()) for f in parts])
        labels = list(self._cls.postprocess_op.label_list)
        i180 = labels.index("180")
        return [float(p[i180]) for p in probs]

    # -- recognition -------------------------------------------------------------------------
    def recognize(self, crops: Sequence[np.ndarray]) -> list[Recognition]:
        # Each crop is scaled to the recogniser's height (CHW, -1..1); crops of similar widths
        # run together in batches of at most REC_BATCH_PX columns.
        inputs: list[np.ndarray] = []
        scales: list[float] = []  # crop pixels per input column
        for crop in crops:
            ch, cw = crop.shape[:2]
            rw = max(1, int(math.ceil(REC_HEIGHT * cw / max(1, ch))))
            scaled = cv2.resize(np.ascontiguousarray(crop[:, :, ::-1]), (rw, REC_HEIGHT))
            inputs.append(scaled.transpose(2, 0, 1).astype(np.float32) / 127.5 - 1.0)
            scales.append(cw / rw)
        results: list[Recognition] = [Recognition("", 0.0)] * len(crops)

        def run(idx: list[int]) -> None:
            width = max(REC_MIN_WIDTH, inputs[idx[-1]].shape[2])
            batch = np.zeros((len(idx), 3, REC_HEIGHT, width), dtype=np.float32)
            for j, i in enumerate(idx):
                batch[j, :, :, :inputs[i].shape[2]] = inputs[i]
            preds = np.asarray(self._fast.run(None, {"x": batch})[0] if self._fast is not None
                               else self._rec.session(batch))
            frame_px = width / preds.shape[1]
            for j, i in enumerate(idx):
                results[i] = self._decode(preds[j], frame_px * scales[i])

        # Batches side by side, one thread each: on two cores that reads a page's lines 1.15x
        # faster than each run on two threads (whose halves wait on each other at every
        # layer), and twice as fast when other work keeps a core busy.
        groups = _batches([x.shape[2] for x in inputs])
        if self._pool is None or len(groups) < 2:
            for idx in groups:
                run(idx)
        else:
            # Widest first, so the lanes finish together.
            for fut in [self._pool.submit(run, idx) for idx in reversed(groups)]:
                fut.result()
        return results

    def _decode(self, probs: np.ndarray, frame_to_crop: float) -> Recognition:
        """Greedy CTC decoding that keeps, per character, the peak frame of its run."""
        best = probs.argmax(axis=1)
        # The winners' probabilities, without a second pass over the 18,710 classes.
        conf = probs[np.arange(len(best)), best]
        # Runs of equal labels: each non-blank run is one character.
        edges = np.flatnonzero(np.diff(best)) + 1
        starts = np.concatenate(([0], edges))
        ends = np.concatenate((edges, [len(best)]))
        chars: list[str] = []
        xs: list[float] = []
        scores: list[float] = []
        n = len(self._charset)
        for a, b in zip(starts.tolist(), ends.tolist()):
            k = int(best[a])
            if k == 0 or k >= n or self._charset[k] == "blank":
                continue
            run = conf[a:b]
            peak = a + int(run.argmax())
            chars.append(self._charset[k])
            xs.append((peak + 0.5) * frame_to_crop)
            scores.append(float(run[peak - a]))
        score = float(np.mean(scores)) if scores else 0.0
        return Recognition("".join(chars), score, tuple(xs), tuple(scores))


def _batches(widths: Sequence[int]) -> list[list[int]]:
    """Indices of ``widths`` grouped into recogniser batches: sorted by width (so little is
    padding), at most REC_BATCH inputs and REC_BATCH_PX padded columns each (a single wider
    input gets a batch of its own)."""
    order = sorted(range(len(widths)), key=lambda i: widths[i])
    out: list[list[int]] = []
    for i in order:
        padded = max(REC_MIN_WIDTH, widths[i])  # the widest so far, being sorted
        if out and len(out[-1]) < REC_BATCH and (len(out[-1]) + 1) * padded <= REC_BATCH_PX:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _stretched(image: np.ndarray) -> np.ndarray:
    """``image`` with its grey levels stretched so its darkest ink is black, when it has little
    contrast (a light or faded scan); otherwise ``image`` itself.

    The detector misses text less than about 20 grey levels darker than the paper, which the
    recogniser still reads: a whole page printed that light would be found to hold nothing.
    """
    grey = cv2.cvtColor(np.ascontiguousarray(image[::4, ::4]), cv2.COLOR_RGB2GRAY)
    dark, paper = (float(v) for v in np.percentile(grey, (0.5, 90)))
    if paper - dark >= LOW_CONTRAST or paper - dark < 4:
        return image
    lut = np.clip((np.arange(256, dtype=np.float32) - dark) * 255.0 / (paper - dark), 0, 255)
    return np.asarray(cv2.LUT(np.ascontiguousarray(image), lut.astype(np.uint8)))


def det_tiles(image: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The parts of ``image`` (detector scale, BGR or RGB) the detector needs to see, as
    ``(y0, y1, x0, x1)``: bands of inked rows cut where DET_GAP or more rows are blank, grown
    to about DET_TILE_ROWS rows, each narrowed to its own inked columns. Blank bands are left
    out; a page with much ink (uneven light, a dark background) is one tile.
    """
    return tiles_of(text_ink(image), *image.shape[:2])


def text_ink(image: np.ndarray) -> np.ndarray | None:
    """The ink of ``image`` (BGR or RGB) that may be text, as a 0/1 ``uint8`` map, or ``None``
    when the page is not dark print on even paper (more than TILE_MAX_INK of it is ink).

    Ink is anything 16 grey levels below the paper (fainter than the detector can see). Long
    thin vertical strokes (a frame's sides, a table's rules) are not text and do not count,
    or they would join every row.
    """
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h = grey.shape[0]
    paper = float(np.percentile(grey[::4, ::4], 90))
    ink = (grey < paper - 16).astype(np.uint8)
    if ink.mean() > TILE_MAX_INK:
        # Not dark print on even paper (a shadow, a photo of the page on a desk): the whole.
        return None
    runs = np.asarray(cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                       np.ones((max(65, h // 8 | 1), 1), np.uint8)), np.uint8)
    # Rules are thin: a tall run that is also wide is a dark area (a photo), which stays.
    solid = np.asarray(cv2.dilate(cv2.morphologyEx(runs, cv2.MORPH_OPEN, np.ones((1, 15), np.uint8)),
                                  np.ones((1, 5), np.uint8)), np.uint8)
    rules = runs & (1 - solid)
    text = (ink > rules).astype(np.uint8)
    if rules.any() and not (np.count_nonzero(text, axis=1) >= 2).any():
        return None  # nothing but rules: let the detector see it all
    return text


def dark_print(image: np.ndarray, text: np.ndarray) -> np.ndarray:
    """The part of the ink map ``text`` (``text_ink`` of ``image``, BGR or RGB) that is
    dark print: darker than half-way from the paper to the page's darkest ink, and at least
    16 grey levels below the paper. A faint background (a certificate's guilloche, 20-30
    levels below its paper) is ink to ``text_ink`` but not to this."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    sample = grey[::4, ::4]
    paper = float(np.percentile(sample, 90))
    darkest = float(np.percentile(sample, 1))
    cut = paper - max(16.0, 0.5 * (paper - darkest))
    return text & (grey < cut).astype(np.uint8)


def tiles_of(text: np.ndarray | None, h: int, w: int) -> list[tuple[int, int, int, int]]:
    """``det_tiles`` of a page ``h`` x ``w`` whose ``text_ink`` is ``text``."""
    if text is None:
        return [(0, h, 0, w)]
    rows = np.flatnonzero(np.count_nonzero(text, axis=1) >= 2)
    if len(rows) == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > DET_GAP)
    starts = rows[np.r_[0, breaks + 1]].tolist()
    ends = (rows[np.r_[breaks, len(rows) - 1]] + 1).tolist()
    segments = list(zip(starts, ends))
    bands: list[list[int]] = [list(segments[0])]
    for a, b in segments[1:]:
        if b - bands[-1][0] <= DET_TILE_ROWS:
            bands[-1][1] = b
        else:
            bands.append([a, b])
    tiles = []
    for a, b in bands:
        cols = np.flatnonzero(text[a:b].any(axis=0))
        tiles.append((a, b, int(cols[0]), int(cols[-1]) + 1))
    return tiles


def text_height(text: np.ndarray) -> float | None:
    """The height, in pixels, of the smaller text in a 0/1 ink map: the 20th percentile,
    weighted by width, of the heights of its line-like pieces (ink joined along rows), or
    ``None`` when too little of it looks like lines to tell.

    Speckle is opened away first, and a noisy or textured page yields short or broken pieces,
    so errors lean low: a page is never judged to hold bigger text than it has.
    """
    clean = cv2.morphologyEx(text, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    joined = cv2.morphologyEx(clean, cv2.MORPH_CLOSE, np.ones((1, 7), np.uint8))
    _n, _labels, stats, _c = cv2.connectedComponentsWithStats(joined, connectivity=8)
    ws, hs, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    lines = (hs >= 6) & (ws >= 2 * hs) & (area >= 0.25 * ws * hs)
    hs, ws = hs[lines], ws[lines].astype(np.float64)
    if ws.sum() < 160:
        return None
    order = np.argsort(hs, kind="stable")
    cum = np.cumsum(ws[order])
    return float(hs[order][np.searchsorted(cum, 0.2 * cum[-1])])


def kept_rows(text: np.ndarray, tile: tuple[int, int, int, int], shrink: float,
              keep: Sequence[Box], dark: Callable[[], np.ndarray] | None = None,
              ) -> list[tuple[int, int, int, int, float]]:
    """The parts ``(y0, y1, x0, x1, factor)`` of ``tile`` (``(y0, y1, x0, x1)`` on the 0/1 ink
    map ``text``) to detect ``shrink`` times smaller, with each box of ``keep``
    (``(x0, y0, x1, y1)``, the same pixels) that meets the tile left at factor 1.

    A seal over a line of text is where a smaller scale fuses or drops the line. The rows are
    cut only where a row of the tile holds no ink, looking up to DET_TILE_ROWS / 4 rows
    outwards. With no such row there, a row holding none of ``dark()`` (``dark_print``,
    the same pixels; asked for only then, and each time it is needed, so pass a cached
    function) will do: on a certificate's guilloche background
    no row is blank, and the whole page was detected at the page's scale (0.8 against
    0.5 s). With neither, the kept part runs to the tile's edge. Within those rows, the
    columns are cut the same way, in the middle of KEEP_COL_GAP or more columns without ink
    (or without print): a certificate is one tile, and the seal's rows across the whole of
    it cost the title certificate a quarter of its detection.
    """
    ty0, ty1, tx0, tx1 = tile
    boxes = [(max(tx0, kx0), max(ty0, ky0), min(tx1, kx1), min(ty1, ky1))
             for kx0, ky0, kx1, ky1 in keep
             if kx0 < tx1 and kx1 > tx0 and ky0 < ty1 and ky1 > ty0]
    if not boxes:
        return [(ty0, ty1, tx0, tx1, shrink)]
    blank = np.count_nonzero(text[ty0:ty1, tx0:tx1], axis=1) == 0
    silent: np.ndarray | None = None  # the tile's rows without print
    reach = DET_TILE_ROWS // 4

    def cut(row: int, step: int) -> int:
        # The first blank row from ``row`` outwards (step -1: up, +1: down), else the first
        # one without print, else the tile's edge.
        nonlocal silent
        rows = [r for r in range(row, row + step * reach, step) if ty0 < r < ty1]
        for r in rows:
            if blank[r - ty0]:
                return r
        if dark is not None:
            if silent is None:
                silent = np.count_nonzero(dark()[ty0:ty1, tx0:tx1], axis=1) == 0
            for r in rows:
                if silent[r - ty0]:
                    return r
        return ty0 if step < 0 else ty1

    kept: list[list[int]] = []
    for x0, a, x1, b in sorted(boxes, key=lambda k: k[1]):
        a, b = cut(a, -1), cut(b, 1)
        if kept and a <= kept[-1][1]:
            kept[-1][1] = max(kept[-1][1], b)
            kept[-1][2] = min(kept[-1][2], x0)
            kept[-1][3] = max(kept[-1][3], x1)
        else:
            kept.append([a, b, x0, x1])
    out: list[tuple[int, int, int, int, float]] = []
    top = ty0
    for a, b, x0, x1 in kept:
        if a > top:
            out.append((top, a, tx0, tx1, shrink))
        cl, cr = _kept_columns(text, (a, b, tx0, tx1), x0, x1, dark)
        out += [(a, b, tx0, cl, shrink), (a, b, cl, cr, 1.0), (a, b, cr, tx1, shrink)]
        top = b
    if top < ty1:
        out.append((top, ty1, tx0, tx1, shrink))
    # A part with no ink left in it needs no detection.
    return [(a, b, x0, x1, f) for a, b, x0, x1, f in out
            if x1 > x0 and np.count_nonzero(text[a:b, x0:x1])]


def _kept_columns(text: np.ndarray, band: tuple[int, int, int, int], x0: int, x1: int,
                  dark: Callable[[], np.ndarray] | None) -> tuple[int, int]:
    """The columns ``(left, right)`` of ``band`` (``(y0, y1, x0, x1)`` on ``text``) to keep
    round the columns ``x0``..``x1``: cut in the middle of the nearest run of KEEP_COL_GAP
    columns without ink outwards on each side (without ``dark()`` print when there is
    none), else at the band's edge."""
    by0, by1, bx0, bx1 = band

    def cut(ink: np.ndarray, print_beyond: bool) -> tuple[int, int]:
        counts = np.count_nonzero(ink[by0:by1, bx0:bx1], axis=0)
        mids = [(s + e) // 2 + bx0 for s, e in true_runs(counts == 0) if e - s >= KEEP_COL_GAP]
        left = max([m for m in mids if m <= x0] + [bx0])
        right = min([m for m in mids if m >= x1] + [bx1])
        if print_beyond:
            # Beyond a cut at blank print but not blank ink there must be print: a strip of
            # background alone is not worth a detection of its own.
            left = left if counts[:left - bx0].any() else bx0
            right = right if counts[right - bx0:].any() else bx1
        return left, right

    cols = cut(text, False)
    if cols == (bx0, bx1) and dark is not None:
        cols = cut(dark(), True)
    return cols


def tile_shrink(text: np.ndarray) -> float:
    """How much smaller than the page's scale a tile with ink ``text`` may be detected:
    enough that its smaller text stays DET_TEXT_PX high, at least DET_MIN_SHRINK, at most 1."""
    height = text_height(text)
    if height is None:
        return 1.0
    return float(min(1.0, max(DET_MIN_SHRINK, DET_TEXT_PX / height)))


def ink_bounds(image: np.ndarray, pad: int) -> tuple[int, int, int, int]:
    """The box ``(x0, y0, x1, y1)``, in pixels of ``image`` (RGB), that holds everything
    darker than the paper, grown by ``pad`` pixels and clipped to the image.

    The paper's shade is the 90th percentile of grey, so a grey scan or a dark border keeps
    the whole page; a pixel counts as ink 24 levels below it. The scan is read at a quarter
    size and a row or column needs two ink pixels there, so a lone speck of noise does not
    count and the box can only err towards more page.
    """
    h, w = image.shape[:2]
    if h < 64 or w < 64:
        return 0, 0, w, h
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, 90))
    ink = small < paper - 24
    rows = np.flatnonzero(np.count_nonzero(ink, axis=1) >= 2)
    cols = np.flatnonzero(np.count_nonzero(ink, axis=0) >= 2)
    if len(rows) == 0 or len(cols) == 0:
        return 0, 0, w, h
    return (max(0, int(cols[0]) * 4 - pad), max(0, int(rows[0]) * 4 - pad),
            min(w, int(cols[-1] + 1) * 4 + pad), min(h, int(rows[-1] + 1) * 4 + pad))


def wheel_model(name: str) -> Path:
    """Path of a model file shipped inside the rapidocr wheel."""
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models" / name


def _ort_session(path: Path, threads: int) -> Any:
    import onnxruntime as ort

    if not path.exists():
        raise EngineUnavailableError(
            f"the model {path} is missing (reinstall redact; an int8 model is rebuilt with "
            "models/build_int8.py, or pass quantized=False to use the float models)")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = int(threads) if threads else 0
    opts.inter_op_num_threads = 1
    if threads != 1:
        # A thread that spins between ops holds a core that the page's work beside the model
        # (seal rings, faces; ``Redactor``) was waiting for: the detector is no slower asleep.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.log_severity_level = 3
    # As RapidOCR does for its own sessions: with line widths changing every batch an arena
    # only grows, so RSS would creep over a long batch.
    opts.enable_cpu_mem_arena = False
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
