"""The price table: bundled list prices, a team's file overriding them, and names that
carry a date or a provider prefix."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.errors import UserError
from reviewer.evaluation.prices import PRICES, Price, load_prices, price_of


@pytest.mark.parametrize(("model", "price"), [
    ("gpt-4o-mini", PRICES["gpt-4o-mini"]),
    ("gpt-4o-mini-2024-07-18", PRICES["gpt-4o-mini"]),
    ("openai/gpt-4o", PRICES["gpt-4o"]),
    ("gpt-4.1-mini-2025-04-14", PRICES["gpt-4.1-mini"]),
    ("llama3.1", None),
])
def test_price_of(model: str, price: Price | None) -> None:
    assert price_of(model, PRICES) == price


def test_a_price_file_overrides_and_extends(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text("gpt-4o-mini: {input: 0.1, output: 0.2}\nllama3.1: {input: 0, output: 0}\n")
    prices = load_prices(path)
    assert (prices["gpt-4o-mini"], prices["llama3.1"]) == (Price(0.1, 0.2), Price(0, 0))
    assert prices["gpt-4o"] == PRICES["gpt-4o"]
    assert Price(0.15, 0.60).cost(1_000_000, 500_000) == pytest.approx(0.45)


@pytest.mark.parametrize(("text", "where", "message"), [
    ("- a list\n", "prices.yaml", "a price file maps model names"),
    ("m: {input: 1}\n", "prices.yaml:1", "m.output: Field required"),
    ("m: {input: 1, output: 2}\nn:\n  input: -1\n  output: 1\n", "prices.yaml:3",
     "n.input: Input should be greater than or equal to 0"),
    ("m: {input: 1, output: 2, cached: 1}\n", "prices.yaml:1",
     "m.cached: Extra inputs are not permitted"),
])
def test_bad_price_files(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text(text)
    with pytest.raises(UserError) as caught:
        load_prices(path)
    assert caught.value.where == str(tmp_path / where)
    assert message in caught.value.message
