"""lessons_utils.knobs: impossible settings refused by name, others noted, failed checks blamed on a knob."""

from __future__ import annotations

import math
import re

import pytest

from lessons_utils.knobs import Knob, OutsideVerifiedRangeError, TextKnob, check_settings


def rate(value, **kwargs):
    return Knob("LEARNING_RATE", value, verified=(0.05, 0.9), limits=(0, None), exclusive_low=True, **kwargs)


@pytest.mark.parametrize(("value", "error", "words"), [
    (0.0, ValueError, "must be above 0"),
    (-1.0, ValueError, "must be above 0"),
    (math.nan, ValueError, "finite"),
    (math.inf, ValueError, "finite"),
    (True, TypeError, "must be a number"),
    ("0.1", TypeError, "must be a number"),
    (None, TypeError, "must be a number"),
])
def test_an_impossible_value_is_refused_naming_the_knob(value, error, words):
    with pytest.raises(error, match=r"^LEARNING_RATE") as caught:
        check_settings(rate(value))
    assert words in str(caught.value)


def test_limits_default_to_the_verified_range_and_the_message_states_it():
    with pytest.raises(ValueError, match=r"NUM_SAMPLES must be at least 20 and at most 100_000 .*to 100_000"):
        check_settings(Knob("NUM_SAMPLES", 100_001, verified=(20, 100_000), integer=True))
    with pytest.raises(TypeError, match="NUM_SAMPLES must be an integer"):
        check_settings(Knob("NUM_SAMPLES", 50.0, verified=(20, 100_000), integer=True))


def test_a_value_inside_the_limits_but_outside_the_verified_range_is_noted_not_refused():
    settings = check_settings(rate(2.0), Knob("NUM_EPOCHS", 100, verified=(10, 1000), integer=True))
    assert [k.name for k in settings.outside] == ["LEARNING_RATE"]
    assert settings.summary().startswith("Note: LEARNING_RATE = 2.0 is outside 0.05 to 0.9")
    assert "NUM_EPOCHS" not in settings.summary()
    assert check_settings(rate(0.1)).summary() == (
        "All 1 settings are inside the ranges this lesson was verified for.")


def test_a_failing_check_inside_the_ranges_passes_through_unchanged():
    settings = check_settings(rate(0.1))
    with pytest.raises(AssertionError, match="^the loss went up$") as caught, settings.checking():
        raise AssertionError("the loss went up")
    assert type(caught.value) is AssertionError


def test_a_failing_check_outside_the_ranges_names_the_knob_and_keeps_the_claim():
    settings = check_settings(rate(2.0))
    with pytest.raises(OutsideVerifiedRangeError, match=r"LEARNING_RATE = 2.0 \(verified for 0.05 to 0.9\)"
                       r".*the loss went up"), settings.checking():
        raise AssertionError("the loss went up")
    with settings.checking():  # passing checks pass, whatever the settings
        pass


def test_only_failed_claims_are_blamed_on_a_knob():
    settings = check_settings(rate(2.0))
    bare = pytest.raises(OutsideVerifiedRangeError, match="The check said: AssertionError$")
    with bare, settings.checking():
        raise AssertionError  # a bare assert: the message still says what kind of failure it was
    with pytest.raises(NameError), settings.checking():  # a bug in the check cell is not the knob's fault
        raise NameError("name 'W_final' is not defined")


def test_huge_integers_are_refused_by_name_not_overflowed():
    with pytest.raises(ValueError, match="^NUM_SAMPLES must be at least 20 and at most 100_000"):
        check_settings(Knob("NUM_SAMPLES", 10**400, verified=(20, 100_000), integer=True))
    assert check_settings(Knob("NUM_SAMPLES", 10**400, verified=(20, 100_000), limits=(20, None),
                               integer=True)).outside


def test_the_note_speaks_of_one_setting_or_several():
    one = check_settings(rate(2.0)).summary()
    two = check_settings(rate(2.0), Knob("NUM_EPOCHS", 5, verified=(10, 1000), limits=(1, None),
                                         integer=True)).summary()
    assert one.endswith("will name this setting.") and two.endswith("will name these settings.")
    with pytest.raises(ValueError, match="num_samples names a knob that was not given: 'N'"):
        check_settings(rate(0.1), num_samples="N")


def test_lists_are_checked_element_by_element_and_in_order():
    grid = dict(verified=(0.0, 1.0), limits=(0, None), order="increasing")
    assert not check_settings(Knob("LAMBDA_GRID", [0.0, 0.1, 1.0], **grid)).outside
    assert check_settings(Knob("LAMBDA_GRID", [0.0, 10.0], **grid)).outside
    with pytest.raises(ValueError, match="LAMBDA_GRID must be strictly increasing"):
        check_settings(Knob("LAMBDA_GRID", [0.1, 0.01], **grid))
    with pytest.raises(ValueError, match="each value in LAMBDA_GRID must be at least 0"):
        check_settings(Knob("LAMBDA_GRID", [-1.0, 0.1], **grid))
    with pytest.raises(TypeError, match="LAMBDA_GRID must be a non-empty list"):
        check_settings(Knob("LAMBDA_GRID", [], **grid))
    with pytest.raises(TypeError, match="LAMBDA_GRID must be a non-empty list"):
        check_settings(Knob("LAMBDA_GRID", 0.1, **grid))


def test_split_fractions_must_add_up_to_one_and_are_named():
    def fractions(train, val, test):
        return [Knob("TRAIN_FRACTION", train, verified=(0.5, 0.9)),
                Knob("VAL_FRACTION", val, verified=(0.05, 0.25)),
                Knob("TEST_FRACTION", test, verified=(0.05, 0.25))]
    names = ("TRAIN_FRACTION", "VAL_FRACTION", "TEST_FRACTION")
    assert not check_settings(*fractions(0.7, 0.15, 0.15), fractions=names).outside
    with pytest.raises(ValueError, match=r"TRAIN_FRACTION \(0.7\) \+ VAL_FRACTION \(0.2\).*must add up to 1"):
        check_settings(*fractions(0.7, 0.2, 0.15), fractions=names)
    with pytest.raises(ValueError, match="fractions names knobs that were not given"):
        check_settings(*fractions(0.7, 0.15, 0.15), fractions=("TRAIN_FRACTION", "OTHER"))


def test_too_few_rows_for_the_fractions_names_every_knob_involved():
    knobs = [Knob("NUM_SAMPLES", 5, verified=(20, 100), limits=(3, 100), integer=True),
             Knob("TRAIN_FRACTION", 0.9, verified=(0.5, 0.9)),
             Knob("VAL_FRACTION", 0.05, verified=(0.05, 0.25)),
             Knob("TEST_FRACTION", 0.05, verified=(0.05, 0.25))]
    names = ("TRAIN_FRACTION", "VAL_FRACTION", "TEST_FRACTION")
    with pytest.raises(ValueError, match=r"NUM_SAMPLES = 5 is too few rows for TRAIN_FRACTION = 0.9, "
                                         r"VAL_FRACTION = 0.05, TEST_FRACTION = 0.05"):
        check_settings(*knobs, fractions=names, num_samples="NUM_SAMPLES")
    knobs[0] = Knob("NUM_SAMPLES", 50, verified=(20, 100), integer=True)
    assert not check_settings(*knobs, fractions=names, num_samples="NUM_SAMPLES").outside


def test_a_lesson_that_standardizes_refuses_a_single_training_row_by_name():
    def knobs(num_samples):
        return [Knob("NUM_SAMPLES", num_samples, verified=(20, 100), limits=(3, 100), integer=True),
                Knob("TRAIN_FRACTION", 0.4, verified=(0.3, 0.9)),
                Knob("VAL_FRACTION", 0.3, verified=(0.05, 0.4)),
                Knob("TEST_FRACTION", 0.3, verified=(0.05, 0.4))]
    names = ("TRAIN_FRACTION", "VAL_FRACTION", "TEST_FRACTION")
    # Four rows split 1, 1, 2: allowed where one training row will do, refused where two are needed.
    assert check_settings(*knobs(4), fractions=names, num_samples="NUM_SAMPLES").outside
    with pytest.raises(ValueError, match=r"NUM_SAMPLES = 4 is too few rows for TRAIN_FRACTION = 0.4.*"
                                         r"leaves 1 training row\(s\), and this lesson needs at least 2"):
        check_settings(*knobs(4), fractions=names, num_samples="NUM_SAMPLES", min_train_rows=2)
    assert check_settings(*knobs(6), fractions=names, num_samples="NUM_SAMPLES", min_train_rows=2).outside


def test_check_settings_refuses_what_is_not_a_knob():
    with pytest.raises(TypeError, match="check_settings takes Knob or TextKnob objects, got float"):
        check_settings(0.1)
    with pytest.raises(ValueError, match="order of GRID must be one of"):
        check_settings(Knob("GRID", [1.0], verified=(0, 1), order="sorted"))


ADDRESS_FORM = {"pattern": r"|tcp://[^\s/]+:[0-9]+", "described": "'' or 'tcp://host:port'"}


@pytest.mark.parametrize("value", ["", "tcp://127.0.0.1:8786", "tcp://scheduler.example.org:8786"])
def test_a_text_knob_of_the_right_form_is_verified(value):
    settings = check_settings(TextKnob("SCHEDULER_ADDRESS", value, **ADDRESS_FORM), rate(0.1))
    assert not settings.outside
    assert "All 2 settings" in settings.summary()


@pytest.mark.parametrize(("value", "error", "words"), [
    (8786, TypeError, "SCHEDULER_ADDRESS must be a string"),
    (None, TypeError, "SCHEDULER_ADDRESS must be a string"),
    ("127.0.0.1:8786", ValueError, "SCHEDULER_ADDRESS must be '' or 'tcp://host:port', got '127.0.0.1:8786'"),
    ("tcp://127.0.0.1", ValueError, "SCHEDULER_ADDRESS must be"),
    (" tcp://127.0.0.1:8786", ValueError, "SCHEDULER_ADDRESS must be"),
])
def test_a_text_knob_of_another_form_is_refused_by_name(value, error, words):
    with pytest.raises(error, match=re.escape(words)):
        check_settings(TextKnob("SCHEDULER_ADDRESS", value, **ADDRESS_FORM))
