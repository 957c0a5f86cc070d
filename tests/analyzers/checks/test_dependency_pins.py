from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.dependency_pins import check
from reviewer.analyzers.context import Hit

RunCheck = Callable[..., list[Hit]]


@pytest.mark.parametrize(("path", "before", "after", "detail"), [
    ("requirements.txt", "a==1.0\nrequests==2.31.0\nb==2.0\n", "a==1.0\nrequests>=2.31\nb==2.0\n",
     "requests ==2.31.0 → >=2.31"),
    ("requirements/prod.txt", "a==1\nDjango==4.2.11  # LTS\nb==2\n", "a==1\ndjango\nb==2\n",
     "django ==4.2.11 → (any)"),
    ("pyproject.toml", 'dependencies = [\n    "httpx==0.27.0",\n]\n',
     'dependencies = [\n    "httpx~=0.27",\n]\n', "httpx ==0.27.0 → ~=0.27"),
    ("pyproject.toml", '[tool.poetry.dependencies]\nrich = "13.7.1"\n',
     '[tool.poetry.dependencies]\nrich = "^13.7.1"\n', "rich 13.7.1 → ^13.7.1"),
    ("web/package.json", '{\n  "dependencies": {\n    "@acme/ui": "2.3.1"\n  }\n}\n',
     '{\n  "dependencies": {\n    "@acme/ui": "^2.3.1"\n  }\n}\n', "@acme/ui 2.3.1 → ^2.3.1"),
    ("Pipfile", '[packages]\nflask = "==3.0.2"\n', '[packages]\nflask = "*"\n',
     "flask ==3.0.2 → *"),
    ("Gemfile", "gem 'rails', '7.1.3'\n", "gem 'rails', '~> 7.1'\n", "rails 7.1.3 → ~> 7.1"),
    ("Cargo.toml", '[dependencies]\nserde = "1.0"\n', '[dependencies]\nserde = "*"\n',
     "serde 1.0 → *"),
    ("build.gradle.kts", 'dependencies {\n    implementation("io.grpc:grpc-api:1.64.0")\n}\n',
     'dependencies {\n    implementation("io.grpc:grpc-api:1.+")\n}\n',
     "io.grpc:grpc-api 1.64.0 → 1.+"),
    ("app/build.gradle", "dependencies {\n    api group: 'g', name: 'a', version: '2.0.1'\n}\n",
     "dependencies {\n    api group: 'g', name: 'a', version: 'latest.release'\n}\n",
     "g:a 2.0.1 → latest.release"),
    ("gradle/libs.versions.toml", '[versions]\nokhttp = "4.12.0"\n',
     '[versions]\nokhttp = "[4.12,5.0)"\n', "okhttp 4.12.0 → [4.12,5.0)"),
])
def test_loosened_pins(hits: RunCheck, path: str, before: str, after: str, detail: str) -> None:
    assert [h.values["detail"] for h in hits(check, path, before, after)] == [detail]


@pytest.mark.parametrize(("path", "before", "after"), [
    ("requirements.txt", "requests==2.31.0\n", "requests==2.32.3\n"),
    ("requirements.txt", "requests>=2.28\n", "requests>=2.31\n"),
    ("web/package.json", '{"version": "1.2.3"}\n', '{"version": "1.3.0"}\n'),
    ("web/package.json", '{\n  "scripts": {\n    "test": "jest"\n  }\n}\n',
     '{\n  "scripts": {\n    "test": "jest --ci"\n  }\n}\n'),
    ("Cargo.toml", '[dependencies]\nserde = "1.0.197"\n', '[dependencies]\nserde = "1.0"\n'),
    ("build.gradle.kts", 'dependencies {\n    implementation("io.grpc:grpc-api:1.64.0")\n}\n',
     'dependencies {\n    implementation("io.grpc:grpc-api:1.65.1")\n}\n'),
    ("pyproject.toml", '[tool.ruff]\nselect = [\n    "E",\n]\n',
     '[tool.ruff]\nselect = [\n    "E",\n    "F",\n]\n'),
])
def test_not_drift(hits: RunCheck, path: str, before: str, after: str) -> None:
    assert hits(check, path, before, after) == []


def test_new_unpinned_entry_in_a_pinned_file(hits: RunCheck) -> None:
    before = "fastapi==0.110.0\npydantic==2.6.4\n"
    found = hits(check, "requirements.txt", before, before + "httpx\n")
    assert [(h.line, h.values["package"]) for h in found] == [(3, "httpx")]
    loose = "fastapi>=0.100\npydantic==2.6.4\n"
    assert hits(check, "requirements.txt", loose, loose + "httpx\n") == []
    assert hits(check, "requirements.txt", before, before + "httpx\n",
                {"new_unpinned": False}) == []
