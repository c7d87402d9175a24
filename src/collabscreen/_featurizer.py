"""The scikit-learn transformer over unit records (training and the skops model file).

Screening does not use it (:mod:`collabscreen.inference` reads the same features
with numpy only); it is defined here so that importing :mod:`collabscreen.features`
does not import scikit-learn, and is known by its public name
``collabscreen.features.CollabFeaturizer`` (the name saved model files record).
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .features import META_FEATURES, hash_rows, lowercase_vocabulary, meta_matrix

__all__ = ["CollabFeaturizer"]


class CollabFeaturizer(TransformerMixin, BaseEstimator):
    """Records (or strings) -> sparse features.

    Parameters
    ----------
    n_features : int, default=2**18
        Width of the hashed n-gram block.
    ngram_max : int, default=2
        Longest word n-gram.
    use_lemmas : bool, default=True
        Map words to lemmas with the spacy-lookups-data table.
    categories : tuple of str, default=()
        Taxonomy category keys, one indicator column each. Set from the
        taxonomy when the classifier is trained.
    """

    def __init__(self, n_features: int = 2**18, ngram_max: int = 2, use_lemmas: bool = True, categories: tuple = ()):
        self.n_features = n_features
        self.ngram_max = ngram_max
        self.use_lemmas = use_lemmas
        self.categories = categories

    def fit(self, X: Iterable[Any], y: Any = None) -> "CollabFeaturizer":
        recs = self._records(X)
        # the words seen in lower case while training: a capitalised word outside them is a name
        self.known_words_ = lowercase_vocabulary(r["text"] for r in recs)
        self.feature_names_meta_ = list(META_FEATURES) + [f"cat:{c}" for c in self.categories]
        self.n_features_out_ = self.n_features + len(self.feature_names_meta_)
        return self

    def _records(self, X: Iterable[Any]) -> Sequence[dict]:
        return [x if isinstance(x, dict) else {"text": str(x)} for x in X]

    def transform(self, X: Iterable[Any]):
        import scipy.sparse as sp
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "n_features_out_")
        recs = self._records(X)
        indptr, indices, data = hash_rows(
            [r["text"] for r in recs],
            n_features=int(self.n_features),
            use_lemmas=bool(self.use_lemmas),
            ngram_max=int(self.ngram_max),
            known=getattr(self, "known_words_", None),
        )
        text_block = sp.csr_matrix((data, indices, indptr), shape=(len(recs), int(self.n_features)))
        meta = meta_matrix(recs, self.categories)
        return sp.hstack([text_block, sp.csr_matrix(meta)], format="csr")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([f"ngram_{i}" for i in range(self.n_features)] + self.feature_names_meta_, dtype=object)


CollabFeaturizer.__module__ = "collabscreen.features"
