"""One base for the parameter classes: :class:`~gru_lab.gru.GRUParams`,
:class:`~gru_lab.rnn.RNNParams` and :class:`~gru_lab.train.DenseParams`.

A subclass is a dataclass whose fields are its arrays (plus options such as ``reset_after``)
and lists each array's shape in the book's symbols in ``_SHAPES``, the first array first: its
shape sets the sizes (D, H or H, K) that every other array is checked against. The base does
the rest, once for all three: it converts and validates every array (shape, NaN or inf, named
in the message), casts them to one dtype, copies them (training never changes the caller's
arrays), and gives ``names()``, ``arrays()``, ``num_parameters()``, ``copy()``, ``astype()``,
``zeros_like()`` and ``dtype``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ._checks import MESSAGES, as_real_array, check_finite, check_shape
from .i18n import repr_html


@dataclass(eq=False, repr=False)
class Params:
    """The shared behaviour of the parameter classes (not used on its own)."""

    #: ``{array name: its shape in symbols}``, e.g. ``{"W": ("D", "H"), "b": ("H",)}``.
    _SHAPES: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: Arrays that may be left out (None): they start at zeros.
    _OPTIONAL: ClassVar[tuple[str, ...]] = ()
    #: What needs finite numbers, for the message about NaN or inf: a key of
    #: :data:`gru_lab._checks.MESSAGES` (``"who_gru"`` says "a GRU"), read when it is raised.
    _MODEL: ClassVar[str] = "who_model"

    def __post_init__(self):
        names = self.names()
        first = names[0]
        symbols = self._SHAPES[first]
        arrays = {first: as_real_array(first, getattr(self, first), _text(symbols))}
        lead = arrays[first]
        if lead.ndim != len(symbols):
            raise ValueError(MESSAGES["rank"].format(name=first, expected=_text(symbols),
                                                     shape=lead.shape, ndim=lead.ndim))
        sizes = dict(zip(symbols, lead.shape, strict=True))
        for n in names[1:]:
            value = getattr(self, n)
            shape = tuple(sizes[s] for s in self._SHAPES[n])
            arrays[n] = (np.zeros(shape, dtype=lead.dtype)
                         if value is None and n in self._OPTIONAL
                         else as_real_array(n, value, _text(self._SHAPES[n])))
        dtype = np.result_type(*arrays.values())
        where = MESSAGES["from_array"].format(
            sizes=", ".join(f"{s} = {sizes[s]}" for s in symbols), first=first)
        for n, arr in arrays.items():
            sym = self._SHAPES[n]
            check_shape(n, arr, tuple(sizes[s] for s in sym),
                        MESSAGES["with_sizes"].format(symbols=_text(sym), sizes=where))
            check_finite(n, arr, MESSAGES[self._MODEL])
            setattr(self, n, np.array(arr, dtype=dtype, copy=True, order="C"))

    @classmethod
    def _wrap(cls, options: dict | None = None, **arrays):
        """An instance holding ``arrays`` as they are: no checks, no copies.

        For arrays this package has just computed (gradients, sums), where the constructor's
        checks would only cost time and name a gradient as if it were a parameter.
        """
        obj = cls.__new__(cls)
        for n, value in {**dict.fromkeys(cls._SHAPES), **(options or {}), **arrays}.items():
            object.__setattr__(obj, n, value)
        return obj

    def _options(self) -> dict:
        """The fields that are not arrays (``reset_after``), for building a new instance."""
        return {}

    def names(self) -> tuple[str, ...]:
        """The names of the arrays this model really has, in the constructor's order."""
        return tuple(self._SHAPES)

    def arrays(self) -> dict[str, np.ndarray]:
        """``{name: array}`` for every parameter, the arrays themselves (not copies)."""
        return {n: getattr(self, n) for n in self.names()}

    @property
    def dtype(self):
        return getattr(self, self.names()[0]).dtype

    def num_parameters(self) -> int:
        """The number of numbers in all the arrays."""
        return int(sum(a.size for a in self.arrays().values()))

    def copy(self):
        """A new instance with copies of every array."""
        return type(self)(**self.arrays(), **self._options())

    def astype(self, dtype):
        """A copy with every array in ``dtype`` (float32 or float64)."""
        return type(self)(**{n: a.astype(dtype) for n, a in self.arrays().items()},
                          **self._options())

    def zeros_like(self):
        """The same shapes and dtype, every array zero."""
        return type(self)(**{n: np.zeros_like(a) for n, a in self.arrays().items()},
                          **self._options())

    def _sizes(self) -> dict[str, int]:
        first = self.names()[0]
        return dict(zip(self._SHAPES[first], getattr(self, first).shape, strict=True))

    def _describe(self) -> str:
        """Extra words for ``repr`` (``MESSAGES["reset_after_product"]``)."""
        return ""

    def __repr__(self) -> str:
        sizes = ", ".join(f"{s}={n}" for s, n in self._sizes().items())
        describe = self._describe()
        extra = MESSAGES["params_extra"].format(describe=describe) if describe else ""
        return MESSAGES["params_repr"].format(cls=type(self).__name__, sizes=sizes, extra=extra,
                                              count=self.num_parameters(), dtype=self.dtype)

    _repr_html_ = repr_html


def _text(symbols: tuple[str, ...]) -> str:
    """("D", "H") → "(D, H)"; ("H",) → "(H,)"."""
    return f"({symbols[0]},)" if len(symbols) == 1 else f"({', '.join(symbols)})"
