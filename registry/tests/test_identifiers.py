import pytest
from django.core.exceptions import ValidationError

from registry.identifiers import check_digit, validate_bin, validate_iin, with_check_digit

# A published BIN (Kazakhtelecom JSC): 9·1+4·2+0·3+7·4+4·5+0+0+0+0+9·10+1·11 = 166, mod 11 = 1.
PUBLISHED_BIN = "940740000911"


def test_published_bin_is_valid():
    validate_bin(PUBLISHED_BIN)


def test_check_digit_uses_second_weights_when_first_pass_gives_ten():
    # First pass: 1 at the tenth place has weight 10, so the remainder is 10; the second pass
    # gives that place weight 1.
    assert check_digit("00000000010") == 1


def test_no_number_exists_when_both_passes_give_ten():
    assert check_digit("06870986119") is None


@pytest.mark.parametrize("first_eleven", ["99014000038", "06124000123", "12034100567"])
def test_generated_bins_are_valid(first_eleven):
    number = with_check_digit(first_eleven)
    assert number is not None
    validate_bin(number)


def test_valid_iin_passes():
    validate_iin(with_check_digit("88010130003"))


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("99014000038", "length"),
        ("9901400003851", "length"),
        ("99014000038A", "digits"),
        ("9901-0000385", "digits"),
    ],
)
def test_bin_of_wrong_length_or_with_letters_is_refused(value, code):
    with pytest.raises(ValidationError) as error:
        validate_bin(value)
    assert error.value.code == code


def test_bin_with_wrong_check_digit_is_refused():
    good = with_check_digit("99014000038")
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        validate_bin(bad)
    assert error.value.code == "check_digit"


def test_iin_with_wrong_check_digit_is_refused():
    good = with_check_digit("88010130003")
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        validate_iin(bad)
    assert error.value.code == "check_digit"


@pytest.mark.parametrize(("value", "code"), [("88010130003", "length"), ("88O10130003X", "digits")])
def test_iin_of_wrong_length_or_with_letters_is_refused(value, code):
    with pytest.raises(ValidationError) as error:
        validate_iin(value)
    assert error.value.code == code


def test_iin_with_impossible_birth_date_is_refused():
    number = with_check_digit("88023130003")  # 31 February
    with pytest.raises(ValidationError) as error:
        validate_iin(number)
    assert error.value.code == "date"
