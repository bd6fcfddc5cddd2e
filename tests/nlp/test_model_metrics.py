"""Metrics of nlp.model.metrics against hand-computed values."""

import math

import numpy as np
import pytest

from nlp.model.metrics import (binary_metrics, expected_calibration_error, precision_at_recall,
                               prevalence_weights, prior_shift, report, threshold_for_precision)


def test_ece_one_sample_per_bin():
    # bins 1, 2, 8, 9 each hold one ad: |0-.1| + |0-.2| + |1-.8| + |1-.9| = .6, over 4 ads
    assert expected_calibration_error([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == pytest.approx(0.15)


def test_ece_shared_bin_and_top_edge():
    # both in bin 5: frequency .5 vs mean .55; p == 1.0 falls in the last bin, not off the end
    assert expected_calibration_error([0, 1], [0.55, 0.55]) == pytest.approx(0.05)
    assert expected_calibration_error([1], [1.0]) == pytest.approx(0.0)


def test_ece_weighted():
    # bin 1 (weight 3): |0 - .1| ; bin 9 (weight 1): |1 - .9| -> (3*.1 + 1*.1) / 4
    assert expected_calibration_error([0, 1], [0.1, 0.9], weights=[3, 1]) == pytest.approx(0.1)


def test_precision_at_recall_hand_computed():
    y = [1, 1, 0, 1, 0, 0, 1, 0]
    p = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
    assert precision_at_recall(y, p, 0.8) == pytest.approx(4 / 7)  # all 4 positives need the top 7
    assert precision_at_recall(y, p, 0.75) == pytest.approx(3 / 4)
    assert precision_at_recall(y, p, 0.5) == pytest.approx(1.0)


def test_prevalence_weights_make_positives_the_requested_share():
    y = np.array([1, 1, 0, 0, 0, 0])
    w = prevalence_weights(y, 0.2)
    assert w.tolist() == [1, 1, 2, 2, 2, 2]  # (2/4) * (0.8/0.2) = 2
    assert w[y == 1].sum() / w.sum() == pytest.approx(0.2)
    assert prevalence_weights(y, None).tolist() == [1] * 6


def test_weighted_precision_at_recall_at_low_prevalence():
    y, p = [1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]
    w = prevalence_weights(y, 0.2)  # each legitimate ad counts 4 times
    assert precision_at_recall(y, p, 0.8, w) == pytest.approx(2 / 6)
    assert threshold_for_precision(y, p, 0.9, w) == pytest.approx(0.9)
    assert threshold_for_precision(y, p, 0.3, w) == pytest.approx(0.7)  # 2 / (2 + 4) = .33


def test_prior_shift():
    assert prior_shift([0.5], 0.5, 0.02)[0] == pytest.approx(0.02)
    assert prior_shift([0.3], 0.3, 0.3)[0] == pytest.approx(0.3)


def test_report_is_flat_and_per_language():
    y = [1, 0, 1, 0, 1, 0]
    p = [0.9, 0.1, 0.8, 0.3, 0.4, 0.6]
    r = report(y, p, ["es", "es", "en", "en", "pt", "pt"], train_prior=0.5)
    assert r["es_bal_roc_auc"] == 1.0 and r["pt_bal_roc_auc"] == 0.0
    assert r["all_n"] == 6 and r["es_n"] == 2
    assert {"all_p2_pr_auc", "en_p2_ece", "pt_bal_p_at_r80"} <= r.keys()
    assert all(isinstance(v, (int, float)) for v in r.values())


def test_single_class_gives_nan_not_crash():
    m = binary_metrics([1, 1], [0.2, 0.9])
    assert math.isnan(m["roc_auc"]) and m["n"] == 2
