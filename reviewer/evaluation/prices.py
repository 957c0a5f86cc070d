"""What a narrative costs: US dollars per million tokens, per model.

The bundled table holds OpenAI's published list prices for a few common models (standard tier,
no cached-input discount) as they stood in 2025; prices change, and a team's own (Azure
deployments, negotiated rates, local models at 0) go in a ``--prices`` file that overrides
and extends it:

    gpt-4o-mini: {input: 0.15, output: 0.60}
    llama3.1: {input: 0, output: 0}

A model missing from both has no cost figure, rather than a made-up one.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reviewer.errors import UserError


class Price(NamedTuple):
    input: float
    """Dollars per million input (prompt) tokens."""
    output: float
    """Dollars per million output (completion) tokens."""

    def cost(self, sent: int, received: int) -> float:
        return (sent * self.input + received * self.output) / 1_000_000


PRICES: Mapping[str, Price] = {
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "o4-mini": Price(1.10, 4.40),
}


class _PriceEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    input: float = Field(ge=0)
    output: float = Field(ge=0)


def load_prices(path: Path | None) -> dict[str, Price]:
    """The bundled table, overridden and extended by ``path`` (YAML or JSON)."""
    prices = dict(PRICES)
    if path is None:
        return prices
    from reviewer.yamlsource import line_of, load_file

    data, node, _ = load_file(path, UserError)
    if not isinstance(data, dict):
        raise UserError("a price file maps model names to {input, output} dollars per "
                        "million tokens", where=str(path))
    for model, entry in data.items():
        try:
            checked = _PriceEntry.model_validate(entry)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"])
            line = line_of(node, (str(model), *error["loc"]))
            raise UserError(f"{model}{'.' + field if field else ''}: {error['msg']}",
                            where=f"{path}:{line}" if line else str(path)) from None
        prices[str(model)] = Price(checked.input, checked.output)
    return prices


def price_of(model: str, prices: Mapping[str, Price]) -> Price | None:
    """The model's price; a dated or provider-prefixed name falls back to its base name
    (``gpt-4o-mini-2024-07-18``, ``openai/gpt-4o-mini``)."""
    name = model.rsplit("/", 1)[-1]
    if name in prices:
        return prices[name]
    candidates = [known for known in prices if name.startswith(known + "-")]
    return prices[max(candidates, key=len)] if candidates else None
