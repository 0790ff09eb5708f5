"""Organization secrets: metadata out, values never; names by Port's pattern."""

from __future__ import annotations

import pytest

from llmconf.sandbox import SEED_SECRET_NAMES

PATH = "/v1/organization/secrets"
NEW = {"secretName": "MY_KEY", "secretValue": "value-do-not-echo", "description": "d"}


def test_the_seeded_secrets_are_listed_without_values(admin):
    response = admin.get(PATH)

    assert response.status_code == 200
    listed = response.json()["secrets"]
    assert {s["secretName"] for s in listed} == set(SEED_SECRET_NAMES)
    assert all(
        set(s) == {"secretName", "description", "createdAt", "updatedAt"}
        for s in listed
    )


def test_create_answers_201_with_metadata(admin):
    response = admin.post(PATH, json=NEW)

    assert response.status_code == 201
    secret = response.json()["secret"]
    assert secret["secretName"] == "MY_KEY"
    assert secret["description"] == "d"
    assert admin.get(f"{PATH}/MY_KEY").json()["secret"] == secret


def test_a_duplicate_name_is_409(admin):
    admin.post(PATH, json=NEW)

    response = admin.post(PATH, json=NEW)

    assert response.status_code == 409
    assert response.json()["ok"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"secretName": "has space", "secretValue": "v"},
        {"secretName": "", "secretValue": "v"},
        {"secretName": "x" * 101, "secretValue": "v"},
        {"secretName": "OK"},
        {"secretValue": "v"},
        {"secretName": "OK", "secretValue": "v", "description": "d" * 201},
        {"secretName": "OK", "secretValue": "v", "owner": "me"},
    ],
)
def test_bodies_off_the_schema_are_422(admin, body):
    response = admin.post(PATH, json=body)

    assert response.status_code == 422
    assert admin.get(f"{PATH}/OK").status_code == 404


def test_a_name_of_100_characters_is_fine(admin):
    name = "A" * 100

    response = admin.post(PATH, json={"secretName": name, "secretValue": "v"})

    assert response.status_code == 201


def test_patch_changes_the_value_and_description(admin, state_path):
    admin.post(PATH, json=NEW)
    before = admin.get(f"{PATH}/MY_KEY").json()["secret"]

    body = {"secretValue": "rotated-do-not-echo", "description": "rotated"}
    response = admin.patch(f"{PATH}/MY_KEY", json=body)

    assert response.status_code == 200
    after = response.json()["secret"]
    assert after["description"] == "rotated"
    assert after["updatedAt"] > before["updatedAt"]
    assert "rotated-do-not-echo" in state_path.read_text()


def test_delete_answers_204_and_the_secret_is_gone(admin):
    admin.post(PATH, json=NEW)

    response = admin.delete(f"{PATH}/MY_KEY")

    assert response.status_code == 204
    assert response.content == b""
    assert admin.get(f"{PATH}/MY_KEY").status_code == 404


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_a_missing_secret_is_404(admin, method):
    body = {"description": "x"} if method == "PATCH" else None

    response = admin.request(method, f"{PATH}/NOPE", json=body)

    assert response.status_code == 404
    assert response.json()["ok"] is False
