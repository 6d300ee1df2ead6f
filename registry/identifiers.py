"""Kazakhstan's 12-digit identification numbers: BIN (legal entities) and IIN (individuals).

Both end in a check digit computed the same way (Rules for forming identification numbers,
approved by Government Decree No. 1565 of 2007): weights 1..11 over the first eleven digits,
modulo 11; when that gives 10, weights 3..11, 1, 2; a second 10 means the number is never issued.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None where no valid number has them."""
    digits = [int(c) for c in first_eleven]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _check_twelve_digits(value: str, label) -> None:
    if len(value) != 12:
        raise ValidationError(
            _("%(label)s must have exactly 12 digits."), code="length", params={"label": label}
        )
    if not value.isdigit():
        raise ValidationError(
            _("%(label)s may contain digits only."), code="digits", params={"label": label}
        )
    if check_digit(value[:11]) != int(value[11]):
        raise ValidationError(
            _("%(label)s has a wrong check digit."), code="check_digit", params={"label": label}
        )


def validate_bin(value: str) -> None:
    """A BIN: 12 digits, YYMM of registration first, a valid check digit."""
    _check_twelve_digits(value, _("BIN"))
    if not 1 <= int(value[2:4]) <= 12:
        raise ValidationError(
            _("BIN does not start with a valid registration month."), code="month"
        )


def validate_iin(value: str) -> None:
    """An IIN: 12 digits, YYMMDD of birth first, then century-and-sex digit, a valid check digit."""
    _check_twelve_digits(value, _("IIN"))
    century_digit = int(value[6])
    if century_digit not in range(1, 7):
        raise ValidationError(_("IIN has an invalid century digit."), code="century")
    year = 1800 + 100 * ((century_digit - 1) // 2) + int(value[:2])
    try:
        datetime.date(year, int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise ValidationError(
            _("IIN does not start with a valid date of birth."), code="date"
        ) from None


def with_check_digit(first_eleven: str) -> str | None:
    """Completes eleven digits into a valid number; None where no check digit fits (demo data)."""
    digit = check_digit(first_eleven)
    return None if digit is None else first_eleven + str(digit)
