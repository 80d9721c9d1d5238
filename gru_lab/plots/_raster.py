"""Raster helpers for the live gate explorer's fast path (:class:`.gates.GateFigure`).

Two costs dominated a redraw of the live explorer (``benchmarks/bench_widget.py``):

* matplotlib lays out and rasterises one ``Text`` artist in about 0.5–1 ms, and a 40-step input
  has 40 token labels. :class:`TextSprites` renders each (style, text) pair once into a small
  RGBA bitmap and afterwards pastes it into the Agg buffer with numpy (tens of µs).
* Pillow's PNG encoder spent about 15 ms on a 640 × 504 figure. :func:`png_bytes` writes the
  same pixels with no row filter and zlib level 1 in about 5 ms.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

__all__ = ["TextSprites", "png_bytes"]


class TextSprites:
    """Text labels rendered once, then pasted into an Agg canvas's buffer.

    ``styles``: ``{name: Text keyword arguments}`` (``ha``, ``va``, ``fontsize``, ``rotation``,
    ``color``, ``bbox``…). :meth:`paste` puts the text ``s`` in style ``name`` with its anchor
    at display point ``(x, y)``, aligned as matplotlib would align it. The label can sit up to
    one pixel from where ``Text.draw`` puts it: Agg rounds the anchor plus the alignment offset
    once, a sprite rounds them separately.
    """

    _INCHES = 6.0  # the scratch canvas; a label must fit in half of it

    def __init__(self, dpi: float, styles: dict[str, dict]):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.styles = styles
        self._fig = Figure(figsize=(self._INCHES, self._INCHES), dpi=dpi)
        FigureCanvasAgg(self._fig)
        self._cache: dict[tuple[str, str], tuple | None] = {}

    def _render(self, style: str, s: str):
        """(premultiplied RGB, alpha, row offset, column offset) of the label, or None."""
        from matplotlib.transforms import IdentityTransform

        renderer = self._fig.canvas.get_renderer()
        renderer.clear()  # transparent
        n = int(renderer.height)
        c = n // 2
        txt = self._fig.text(c, c, s, transform=IdentityTransform(), **self.styles[style])
        txt.draw(renderer)
        txt.remove()
        rgba = np.asarray(renderer.buffer_rgba())
        alpha = rgba[..., 3]
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        if rows.size == 0:
            return None
        r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        crop = rgba[r0:r1, c0:c1].astype(np.float32)
        a = crop[..., 3:] / 255.0
        # the anchor is at display (c, c), i.e. buffer row n - c (rows count from the top)
        return crop[..., :3] * a, a, int(r0 - (n - c)), int(c0 - c)

    def sprite(self, style: str, s: str):
        """The cached bitmap of ``s`` in ``style`` (made on first use)."""
        key = (style, s)
        if key not in self._cache:
            self._cache[key] = self._render(style, s)
        return self._cache[key]

    def paste(self, buffer: np.ndarray, style: str, s: str, x: float, y: float):
        """Blend the label into ``buffer`` ((rows, cols, 4) uint8, an Agg canvas's
        ``buffer_rgba()``) with its anchor at display point ``(x, y)`` (y up)."""
        sp = self.sprite(style, s)
        if sp is None:
            return
        rgb, a, dr, dc = sp
        n_rows, n_cols = buffer.shape[:2]
        r0 = int(round(n_rows - y)) + dr
        c0 = int(round(x)) + dc
        h, w = a.shape[:2]
        rs, cs = max(0, -r0), max(0, -c0)  # the part inside the buffer
        re, ce = min(h, n_rows - r0), min(w, n_cols - c0)
        if rs >= re or cs >= ce:
            return
        dst = buffer[r0 + rs:r0 + re, c0 + cs:c0 + ce, :3]
        aa = a[rs:re, cs:ce]
        dst[...] = (dst * (1.0 - aa) + rgb[rs:re, cs:ce] + 0.5).astype(np.uint8)


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png_bytes(rgba: np.ndarray) -> bytes:
    """A (rows, cols, 4) uint8 image as PNG bytes (RGBA, no row filter, zlib level 1).

    Heatmap cells and a white page compress well without PNG's row filters, and skipping them
    (and Pillow's per-row work) takes a third of the time of Pillow's encoder at its fastest
    level for a file 15 % larger.
    """
    rgba = np.asarray(rgba)
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"rgba must be a (rows, cols, 4) uint8 image; got shape {rgba.shape} "
                         f"and dtype {rgba.dtype}.")
    rows, cols = rgba.shape[:2]
    raw = np.empty((rows, 1 + 4 * cols), np.uint8)
    raw[:, 0] = 0  # each row starts with its filter type: 0, none
    raw[:, 1:] = rgba.reshape(rows, 4 * cols)
    header = struct.pack(">IIBBBBB", cols, rows, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 1)) + _chunk(b"IEND", b""))
