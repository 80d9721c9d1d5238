"""Published figures that the book's pages compare against, in one table.

Every number from a paper that a page prints beside its own result lives here, once, with the
bibliography key of its source (``book/references.bib``), the table of the source it comes
from, the data set, the metric and how it was measured. Pages read the values from
:data:`PUBLISHED` and glue them (:func:`glue`); tests read them too. Nobody types a published
number twice: a page that needs one more adds an entry here first.

>>> PUBLISHED["chung2014_jsb"].values["rnn"]
9.1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class PublishedResult:
    """One row group of a published table: several models, one data set, one metric.

    ``values`` maps a short model name (used in glue names and in the pages' dicts) to the
    number as printed in the source; ``labels`` maps the same names to the source's names.
    """

    key: str                  # bibliography key in book/references.bib
    where: str                # table (or section) of the source
    dataset: str
    metric: str
    protocol: str             # how the figure was measured (split, cross-validation, ...)
    values: Mapping[str, float]
    labels: Mapping[str, str] = field(default_factory=dict)
    higher_is_better: bool | None = None   # None: a size, not a score

    def __post_init__(self):
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))
        missing = set(self.values) - set(self.labels)
        if missing:
            raise ValueError(f"no source label for {sorted(missing)}")

    def glue_names(self, prefix: str) -> dict[str, float]:
        """``{f"{prefix}_{model}": value}``: the names a page glues the values under."""
        return {f"{prefix}_{name}": float(v) for name, v in self.values.items()}


PUBLISHED: Mapping[str, PublishedResult] = MappingProxyType({
    # Kim 2014, Table 2, row group "MR": MR has no standard split, so Kim reports the mean
    # accuracy of a 10-fold cross-validation (Table 1 gives "CV" as its test set).
    "kim2014_mr": PublishedResult(
        key="kim2014convolutional",
        where="Table 2",
        dataset="MR (Movie Review sentence polarity, Pang & Lee 2005)",
        metric="accuracy (%)",
        protocol="10-fold cross-validation",
        values={"cnn_rand": 76.1, "cnn_static": 81.0, "cnn_non_static": 81.5,
                "rae": 77.7, "mv_rnn": 79.0, "nbsvm": 79.4},
        labels={"cnn_rand": "CNN-rand", "cnn_static": "CNN-static",
                "cnn_non_static": "CNN-non-static", "rae": "RAE", "mv_rnn": "MV-RNN",
                "nbsvm": "NBSVM"},
        higher_is_better=True,
    ),
    # Chung et al. 2014, Table 2 (average negative log-probabilities), JSB Chorales, test
    # set. The tanh RNN's figure is 9.10 (an earlier version of the book said 9.19: a
    # transcription error). The Nottingham row of the same table is not held here: its
    # numbers could not be checked against the paper when this table was written.
    "chung2014_jsb": PublishedResult(
        key="chung2014empirical",
        where="Table 2",
        dataset="JSB Chorales (Boulanger-Lewandowski et al. 2012's split)",
        metric="average negative log-likelihood per time step, test set (nats)",
        protocol="the test set of Boulanger-Lewandowski et al. 2012's split",
        values={"rnn": 9.10, "gru": 8.54, "lstm": 8.67},
        labels={"rnn": "tanh RNN", "gru": "GRU", "lstm": "LSTM"},
        higher_is_better=False,
    ),
    # Sutskever et al. 2014, Section 3.1 ("Dataset details"): "a subset of 12M sentences
    # consisting of 348M French words and 304M English words" of WMT'14 English to French.
    "sutskever2014_wmt": PublishedResult(
        key="sutskever2014sequence",
        where="Section 3.1",
        dataset="WMT'14 English to French, a selected subset",
        metric="training sentence pairs (millions)",
        protocol="training set",
        values={"train_sentences_millions": 12},
        labels={"train_sentences_millions": "12M sentences"},
    ),
    # Rush et al. 2015, experimental set-up (data set): each Gigaword headline paired with
    # its article's first sentence; after filtering, "roughly J = 4 million title-article
    # pairs".
    "rush2015_gigaword": PublishedResult(
        key="rush2015neural",
        where="experimental set-up, data set",
        dataset="annotated Gigaword: headline and the article's first sentence",
        metric="training pairs (millions, 'roughly')",
        protocol="training set",
        values={"train_pairs_millions": 4},
        labels={"train_pairs_millions": "roughly 4 million title-article pairs"},
    ),
})


def glue(entry: str, prefix: str | None = None) -> dict[str, float]:
    """Glue every value of ``PUBLISHED[entry]`` on the current page (myst-nb) and return them.

    The names are ``f"{prefix}_{model}"`` with ``prefix`` defaulting to ``entry``, e.g.
    ``chung2014_jsb_rnn``; show one with ``{glue:text}`chung2014_jsb_rnn:.2f```.
    """
    from myst_nb import glue as _glue

    names = PUBLISHED[entry].glue_names(prefix or entry)
    for name, value in names.items():
        _glue(name, value, display=False)
    return names
