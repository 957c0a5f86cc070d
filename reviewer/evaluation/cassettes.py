"""Recorded narratives for prompt evaluation: vcrpy cassettes, one per case, prompt and run.

    <cassettes>/<prompt name@vN>/<case>/run-<N>.yaml        the HTTP exchange (vcrpy)
    <cassettes>/<prompt name@vN>/<case>/run-<N>.meta.yaml   origin, model, endpoint, latency

``origin`` says what a cassette is: ``recorded`` (a real exchange, written by ``--record``) or
``hand-written`` (a fixture authored to show a behaviour; never a real model's answer). Replay
matches requests on method and URL only, in order, so a replayed narrative is the recorded one
whatever the prompt text is now; a cassette belongs to the prompt version in its folder name.

Recording drops credentials before anything is written (authorization and Azure ``api-key``
headers, organization and project ids, cookies, key query parameters), then refuses to keep a
file that still contains the key or anything the redaction would flag.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from reviewer.errors import UserError

if TYPE_CHECKING:
    import vcr

REQUEST_HEADERS = ("authorization", "api-key", "openai-organization", "openai-project",
                   "cookie", "x-api-key")
RESPONSE_HEADERS = ("set-cookie", "openai-organization", "openai-project", "x-request-id",
                    "cf-ray", "apim-request-id", "azureml-model-session")
QUERY_PARAMETERS = ("api-key", "api_key", "key", "code")
REPLAY_MATCH = ("method", "scheme", "host", "port", "path")


class Meta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    origin: Literal["recorded", "hand-written"]
    model: str
    base_url: str
    latency: float | None = None
    """Seconds the narrative took when it was recorded."""
    note: str = ""


def cassette_path(root: Path, prompt: str, case: str, run: int) -> Path:
    return root / prompt / case / f"run-{run}.yaml"


def meta_path(cassette: Path) -> Path:
    return cassette.with_name(cassette.stem + ".meta.yaml")


def read_meta(cassette: Path) -> Meta:
    import yaml

    where = meta_path(cassette)
    try:
        data = yaml.safe_load(where.read_text(encoding="utf-8"))
        return Meta.model_validate(data)
    except FileNotFoundError:
        raise UserError(f"the cassette has no {where.name} (origin, model, base_url)",
                        where=str(cassette)) from None
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()
        raise UserError(f"malformed cassette metadata: {first[0] if first else exc}",
                        where=str(where)) from None


def write_meta(cassette: Path, meta: Meta) -> None:
    import yaml

    meta_path(cassette).write_text(
        yaml.safe_dump(meta.model_dump(exclude_defaults=True), sort_keys=False),
        encoding="utf-8")


def _vcr() -> Any:
    try:
        import vcr
    except ImportError:
        raise UserError("replaying and recording cassettes need vcrpy: "
                        "pip install 'reviewer[eval]'") from None
    return vcr


def player() -> vcr.VCR:
    """Replays a cassette's exchanges in order; a request beyond them is an error."""
    recorder: vcr.VCR = _vcr().VCR(record_mode="none", match_on=list(REPLAY_MATCH))
    return recorder


def recorder() -> vcr.VCR:
    """Records every exchange, credentials filtered."""
    made: vcr.VCR = _vcr().VCR(
        record_mode="all", decode_compressed_response=True,
        filter_headers=list(REQUEST_HEADERS), filter_query_parameters=list(QUERY_PARAMETERS),
        before_record_response=scrub_response)
    return made


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in RESPONSE_HEADERS:
            del headers[name]
    return response


def leaks(text: str, key: str | None = None) -> str | None:
    """Why ``text`` must not be kept (the key, or something credential-like), or None."""
    from reviewer.narrative.redaction import Redactor

    key = os.environ.get("OPENAI_API_KEY") if key is None else key
    if key and key in text:
        return "the API key appears in the recording"
    redactor = Redactor()
    redactor.text(text)
    if redactor.count:
        return f"{redactor.count} credential-like value(s) in the recording"
    return None
