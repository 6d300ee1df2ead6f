"""Refusal codes are stable, unique ASCII names, and each is asserted by a test somewhere.

The second test reads the test files: a code that no test names is a rule nobody has seen refused.
"""

import re
from pathlib import Path

from django.conf import settings

from casework.refusals import all_refusal_codes

CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*")


def test_codes_are_ascii_names_unique_across_apps():
    codes = [code.value for code in all_refusal_codes()]
    assert codes, "no refusal codes found"
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    for code in codes:
        assert CODE.fullmatch(code), code


def test_every_code_has_a_message():
    for code in all_refusal_codes():
        assert str(code.label).strip(), code


def test_every_code_is_asserted_by_a_test():
    root = Path(settings.BASE_DIR)
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in root.glob("**/tests/**/*.py")
        if ".venv" not in path.parts and path.name != Path(__file__).name
    )
    untested = [
        code.value
        for code in all_refusal_codes()
        if f'"{code.value}"' not in sources and f"'{code.value}'" not in sources
    ]
    assert not untested, f"codes no test asserts: {untested}"
