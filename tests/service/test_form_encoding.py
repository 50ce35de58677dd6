"""The form decoder gives urllib's answers, on any input."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_to_bytes, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.form_encoding import parse_pairs, percent_decode

# Bytes that matter to either decoder: escapes, signs, hex digits, line breaks, non-ASCII.
_ALPHABET = list(b"%=+&;_ \t\r\n0129aAfFgGzZ\x00\x80\xc3\xa9\xff")


@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map(bytes))
def test_same_pairs_as_urllib(raw: bytes) -> None:
    # latin-1 maps bytes to characters one to one, so urllib sees exactly these bytes
    latin = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    expected = [
        (
            k.encode("latin-1").decode("utf-8", "replace"),
            v.encode("latin-1").decode("utf-8", "replace"),
        )
        for k, v in latin
    ]
    assert parse_pairs(raw) == expected


@given(st.binary(max_size=60))
def test_same_bytes_as_urllib(raw: bytes) -> None:
    assert percent_decode(raw) == unquote_to_bytes(raw.replace(b"+", b" "))


@given(st.dictionaries(st.text(min_size=1), st.text(), max_size=5))
def test_round_trip_of_encoded_text(fields: dict[str, str]) -> None:
    encoded = urlencode(fields).encode()
    assert parse_pairs(encoded, errors="strict") == list(fields.items())


def test_invalid_utf8_is_refused_when_strict() -> None:
    with pytest.raises(UnicodeDecodeError):
        parse_pairs(b"query=%FF", errors="strict")
    assert parse_pairs(b"query=%FF") == [("query", "\ufffd")]
