"""scikit-learn's common estimator checks on the library's own estimators.

``OrdinalResumeModel`` takes numeric features and passes every check.
``CollabFeaturizer`` takes unit records or strings, not a numeric array: the
checks that feed it numbers and expect numeric validation (NaN, complex,
sparse, 1-D, feature-count errors) do not apply and are listed with that reason;
the rest (cloning, get/set_params, fit/transform consistency, pickling,
idempotent fit, not changing its parameters, ...) run.
"""

from __future__ import annotations

from sklearn.utils.estimator_checks import parametrize_with_checks

from collabscreen.features import CollabFeaturizer
from collabscreen.resume_model import OrdinalResumeModel

TEXT_INPUT = "a text featurizer: input is unit records or strings, not a numeric array"
_FEATURIZER_NOT_APPLICABLE = {
    name: TEXT_INPUT
    for name in (
        "check_n_features_in_after_fitting",
        "check_complex_data",
        "check_dtype_object",
        "check_estimators_empty_data_messages",
        "check_estimators_nan_inf",
        "check_estimator_sparse_tag",
        "check_estimator_sparse_array",
        "check_estimator_sparse_matrix",
        "check_transformer_data_not_an_array",
        "check_transformer_general",
        "check_n_features_in",
        "check_fit1d",
        "check_fit2d_predict1d",
    )
}


def _expected_failed(estimator):
    return _FEATURIZER_NOT_APPLICABLE if isinstance(estimator, CollabFeaturizer) else {}


@parametrize_with_checks(
    [OrdinalResumeModel(), CollabFeaturizer(n_features=2**10)], expected_failed_checks=_expected_failed
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
