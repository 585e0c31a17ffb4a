"""R62: the traffic light of an indicator, rule by rule (a pure function)."""

from decimal import Decimal as D

import pytest

from plans.traffic import Light, threshold_on_right_side, traffic_light


def test_r62_higher_is_better_above_target_is_met():
    assert traffic_light(value=D("81"), target=D("80"), direction="higher") == Light.MET


def test_r62_higher_is_better_exactly_at_target_is_met():
    assert traffic_light(value=D("80.00"), target=D("80"), direction="higher") == Light.MET


def test_r62_lower_is_better_exactly_at_target_is_met():
    assert traffic_light(value=D("5"), target=D("5.00"), direction="lower") == Light.MET


def test_r62_lower_is_better_below_target_is_met_above_is_not():
    assert traffic_light(value=D("4.99"), target=D("5"), direction="lower") == Light.MET
    assert traffic_light(value=D("5.01"), target=D("5"), direction="lower") == Light.NOT_MET


def test_r62_higher_is_better_just_below_target_without_threshold_is_not_met():
    assert traffic_light(value=D("79.99"), target=D("80"), direction="higher") == Light.NOT_MET


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("80"), Light.MET),
        (D("79.99"), Light.PARTLY_MET),
        (D("70"), Light.PARTLY_MET),  # exactly at the partly-met value
        (D("69.99"), Light.NOT_MET),
    ],
)
def test_r62_higher_is_better_thresholds(value, expected):
    light = traffic_light(value=value, target=D("80"), direction="higher", partly_met_from=D("70"))
    assert light == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("10"), Light.MET),
        (D("10.01"), Light.PARTLY_MET),
        (D("15"), Light.PARTLY_MET),
        (D("15.01"), Light.NOT_MET),
    ],
)
def test_r62_lower_is_better_thresholds(value, expected):
    light = traffic_light(value=value, target=D("10"), direction="lower", partly_met_from=D("15"))
    assert light == expected


def test_r62_no_value_or_no_target_gives_no_light():
    assert traffic_light(value=None, target=D("1"), direction="higher") == Light.NONE
    assert traffic_light(value=D("1"), target=None, direction="higher") == Light.NONE


def test_r62_unknown_direction_is_an_error():
    with pytest.raises(ValueError):
        traffic_light(value=D("1"), target=D("1"), direction="sideways")


def test_r62_partly_met_value_must_be_on_the_far_side_of_the_target():
    assert threshold_on_right_side(target=D("80"), partly_met_from=D("70"), direction="higher")
    assert not threshold_on_right_side(target=D("80"), partly_met_from=D("80"), direction="higher")
    assert threshold_on_right_side(target=D("10"), partly_met_from=D("15"), direction="lower")
    assert not threshold_on_right_side(target=D("10"), partly_met_from=D("5"), direction="lower")
