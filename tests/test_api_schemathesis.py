"""Property-based tests from the OpenAPI schema (schemathesis): no generated request, valid or
not, gets a 5xx, and responses match the schema. Real uvicorn on a loopback port serving the
widget fixture index; a few examples per operation so the run stays within a minute or two."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the dev extra")

from api_support import widget_api  # noqa: E402
from conftest import FakeEmbedder  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home: Path = tmp_path_factory.mktemp("schemathesis-home")
    with widget_api(home, FakeEmbedder(), api_keys="st-key") as url:
        yield url


def _operations(base_url: str) -> list:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_server_errors_and_responses_match_the_schema(base_url: str, mode: str) -> None:
    """Every operation, valid (positive) or invalid (negative) generated requests."""
    generation = schemathesis.GenerationMode(mode)
    checks = [not_a_server_error]
    if generation is schemathesis.GenerationMode.POSITIVE:
        checks += [status_code_conformance, content_type_conformance, response_schema_conformance]
    failures: list[str] = []
    operations = _operations(base_url)
    assert len(operations) >= 9
    for op in operations:
        @settings(max_examples=10, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy(generation_mode=generation))
        def run(case) -> None:
            response = case.call(base_url=base_url, headers={"X-API-Key": "st-key"}, timeout=30)
            case.validate_response(response, checks=checks)

        try:
            run()
        except Unsatisfiable:  # no invalid request exists (an operation without inputs)
            continue
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{op.method.upper()} {op.path}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
