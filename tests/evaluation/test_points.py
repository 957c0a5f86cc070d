"""Whether a narrative makes a labelled point: what matching forgives and what it does not."""

from __future__ import annotations

import pytest

from reviewer.evaluation.points import find_point, sections
from reviewer.report import Concern, NarrativeReport


@pytest.mark.parametrize(("point", "text", "found"), [
    ("replicas", "Cuts REPLICAS from 12 to 2.", True),
    ("dry_run", "the job no longer does a dry-run first", True),
    ("dry_run", "the job no longer does a dry run first", True),
    ("dry run", "dry_run defaults to false", True),
    ("max_transfer_cents", "max transfer cents is gone", True),
    ("WHERE", "the DELETE has no where clause", True),
    ("WHERE", "somewhere in the table", False),
    ("5%", "from 5% to 100%", True),
    ("5%", "from 25% to 100%", False),
    ("|| true", "the test step ends in `|| true`", True),
    ("--atomic", "helm upgrade without --atomic", True),
    ("--atomic", "not atomic", False),
    ("every region", "pushes it to every\n  region at once", True),
    ("0.0.0.0/0", "opens port 22 to 0.0.0.0/0", True),
    (("PodDisruptionBudget", "PDB"), "the PDB is deleted", True),
    (("PodDisruptionBudget", "PDB"), "the disruption budget is deleted", False),
    ("image tag", "bumps the image", False),
])
def test_matching(point: str | tuple[str, ...], text: str, found: bool) -> None:
    assert (find_point(point, [("summary", text)]) is not None) is found


def test_the_first_part_that_makes_the_point_is_named_and_quotes_are_not_searched() -> None:
    narrative = NarrativeReport(
        status="ok", summary="A replica cut.", blast_radius="All checkout traffic.",
        concerns=(Concern("a.yaml", 2, "fine", "warn", True, quote="replicas: 2"),
                  Concern("a.yaml", 3, "The PDB goes too.", "warn", True)),
        questions=("Why now?",), post_merge_checks=("Watch p99 latency.",))
    parts = sections(narrative)
    assert [name for name, _ in parts] == ["summary", "blast_radius", "concerns[0]",
                                           "concerns[1]", "questions[0]",
                                           "post_merge_checks[0]"]
    assert find_point("PDB", parts) == "concerns[1]"
    assert find_point("p99", parts) == "post_merge_checks[0]"
    assert find_point("replicas: 2", parts) is None  # only in a quote from the diff
