"""Every endpoint answers errors in the one documented shape, and the schema says so.

The test walks the OpenAPI schema: each operation is called with path parameters that name
nothing and, for writes, with a body that is not an object, as an anonymous visitor, an applicant
and an admin with a second factor; every error answer must be `{"code", "detail", "fields"}`.
"""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from casework.refusals import all_refusal_codes
from registry.tests.factories import OrganizationFactory, admin_user, applicant_for

WRITE_METHODS = {"post", "put", "patch"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def concrete(path: str) -> str:
    """The path with every parameter replaced by a value that names nothing."""
    return re.sub(r"\{[^}]+\}", "999999999", path)


def assert_error_shape(response, where):
    body = response.json()
    assert set(body) - {"state"} == {"code", "detail", "fields"}, (where, body)
    assert isinstance(body["code"], str) and body["code"], (where, body)
    assert re.fullmatch(r"[a-z0-9_.]+", body["code"]), (where, body)
    assert isinstance(body["detail"], str) and body["detail"], (where, body)
    assert isinstance(body["fields"], dict), (where, body)
    for name, errors in body["fields"].items():
        assert isinstance(name, str)
        for error in errors:
            assert set(error) == {"code", "message"}, (where, body)


def test_every_operation_documents_the_error_shape(schema):
    error_ref = "#/components/schemas/Error"
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"401", "403", "404", "429"} | (
            {"400", "409"} if method in WRITE_METHODS else set()
        )
        for status in expected:
            assert status in responses, (method, path, status)
            content = responses[status]["content"]["application/json"]["schema"]
            assert content == {"$ref": error_ref}, (method, path, status)


def test_the_schema_lists_every_refusal_code(schema):
    description = schema["components"]["schemas"]["Error"]["properties"]["code"]["description"]
    for code in all_refusal_codes():
        assert f"`{code.value}`" in description, code


@pytest.mark.parametrize("who", ["anonymous", "applicant", "admin"])
def test_every_error_answer_has_the_documented_shape(db, client, verified_client, schema, who):
    if who == "applicant":
        client.force_login(applicant_for(OrganizationFactory()))
    elif who == "admin":
        verified_client(admin_user())
    answered = 0
    for path, method, _operation in operations(schema):
        url = concrete(path)
        if method in WRITE_METHODS:
            response = getattr(client, method)(url, "[1, 2]", content_type="application/json")
        else:
            response = getattr(client, method)(url)
        if response.status_code >= 400:
            assert response["Content-Type"].startswith("application/json"), (method, url)
            assert_error_shape(response, (who, method, url, response.status_code))
            answered += 1
    assert answered > 20


def test_malformed_json_is_a_parse_error_in_the_shape(db, client):
    client.force_login(applicant_for(OrganizationFactory()))
    response = client.post(
        "/api/v1/licensing/applications/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert_error_shape(response, "malformed json")
    assert response.json()["code"] == "parse_error"
