"""The state file: seeded on first use, shared by instances, threads and processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import httpx
import pytest

from llmconf.errors import UsageError
from llmconf.sandbox import (
    SECOND_WRITER_ID,
    SEED_SECRET_NAMES,
    SandboxTransport,
    simulate_second_writer,
)

from .conftest import BASE_URL, CheckedSandbox, signed_in

OPENAI = {"provider": "openai", "config": {"apiKeySecretName": "openai-api-key"}}


def test_the_first_request_seeds_the_org(anon, state_path):
    assert not state_path.exists()

    anon.get("/v1/llm-providers")

    state = json.loads(state_path.read_text())
    assert set(state["users"]) == {"sandbox-admin", "sandbox-member"}
    assert set(state["secrets"]) == set(SEED_SECRET_NAMES)
    assert list(state["providers"]) == ["port"]
    assert state["defaults"] is None


def test_seeded_secret_values_do_not_look_like_real_keys(anon, state_path):
    anon.get("/v1/llm-providers")

    values = [
        s["value"] for s in json.loads(state_path.read_text())["secrets"].values()
    ]

    assert not [v for v in values if v.startswith(("sk-", "AKIA", "ASIA"))]


def test_a_second_instance_sees_what_the_first_wrote(admin, state_path):
    admin.post("/v1/llm-providers", json=OPENAI)

    other = CheckedSandbox(state_path)
    with signed_in(other) as client:
        listed = client.get("/v1/llm-providers").json()["result"]

    assert [p["provider"] for p in listed] == ["port", "openai"]


def test_a_token_works_on_every_instance_sharing_the_file(admin, state_path):
    other = SandboxTransport(CheckedSandbox(state_path))
    with httpx.Client(transport=other, base_url=BASE_URL) as client:
        response = client.get("/v1/llm-providers", headers=dict(admin.headers))

    assert response.status_code == 200


def test_external_edits_are_seen_on_the_next_request(admin, state_path):
    admin.post("/v1/llm-providers", json=OPENAI)
    state = json.loads(state_path.read_text())
    state["providers"]["openai"]["enabled"] = False
    state_path.write_text(json.dumps(state))

    shown = admin.get("/v1/llm-providers/openai").json()["result"]

    assert shown["enabled"] is False


def test_the_port_provider_comes_back_if_edited_out(admin, state_path):
    admin.get("/v1/llm-providers")
    state = json.loads(state_path.read_text())
    del state["providers"]["port"]
    state_path.write_text(json.dumps(state))

    listed = admin.get("/v1/llm-providers").json()["result"]

    assert [p["provider"] for p in listed] == ["port"]


def test_reads_do_not_rewrite_the_file(admin, state_path):
    admin.get("/v1/llm-providers")
    before = state_path.stat().st_mtime_ns, state_path.read_text()

    admin.get("/v1/llm-providers")
    admin.get("/v1/llm-providers/defaults")

    assert (state_path.stat().st_mtime_ns, state_path.read_text()) == before


def test_writes_leave_no_temp_files_behind(admin, state_path):
    admin.post("/v1/llm-providers", json=OPENAI)
    admin.delete("/v1/llm-providers/openai")

    names = sorted(p.name for p in state_path.parent.iterdir())

    assert names == [state_path.name, state_path.name + ".lock"]


def test_a_broken_state_file_answers_500(admin, state_path):
    state_path.write_text("{ not json")

    response = admin.get("/v1/llm-providers")

    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert state_path.read_text() == "{ not json"


def test_concurrent_writers_in_threads_lose_nothing(admin, state_path):
    sandboxes = [CheckedSandbox(state_path) for _ in range(4)]
    headers = dict(admin.headers)

    def create(index: int) -> None:
        transport = SandboxTransport(sandboxes[index % 4])
        with httpx.Client(transport=transport, base_url=BASE_URL) as client:
            body = {"secretName": f"S{index}", "secretValue": "v"}
            response = client.post(
                "/v1/organization/secrets", json=body, headers=headers
            )
            assert response.status_code == 201

    threads = [threading.Thread(target=create, args=(i,)) for i in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    names = {
        s["secretName"] for s in admin.get("/v1/organization/secrets").json()["secrets"]
    }
    assert {f"S{i}" for i in range(24)} <= names


WRITER = """
import sys
from pathlib import Path
from llmconf.sandbox import Sandbox
import json
sandbox = Sandbox(Path(sys.argv[1]))
token = sys.argv[2]
for i in range(int(sys.argv[3]), int(sys.argv[3]) + 15):
    body = json.dumps({"secretName": f"P{i}", "secretValue": "v"}).encode()
    headers = {"authorization": "Bearer " + token}
    response = sandbox.handle("POST", "/v1/organization/secrets", {}, headers, body)
    assert response.status == 201, response.body
"""


def test_concurrent_writers_in_processes_lose_nothing(admin, state_path):
    token = admin.headers["Authorization"].split()[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}

    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(state_path), token, str(start)],
            env=env,
        )
        for start in (0, 100, 200)
    ]

    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    names = {
        s["secretName"] for s in admin.get("/v1/organization/secrets").json()["secrets"]
    }
    expected = {f"P{i}" for start in (0, 100, 200) for i in range(start, start + 15)}
    assert expected <= names


def test_a_second_writer_moves_updated_at_and_updated_by(admin, state_path):
    created = admin.post("/v1/llm-providers", json=OPENAI).json()["result"]

    simulate_second_writer(state_path, "openai")

    shown = admin.get("/v1/llm-providers/openai").json()["result"]
    assert shown["updatedBy"] == SECOND_WRITER_ID
    assert shown["updatedAt"] > created["updatedAt"]
    assert shown["config"] == created["config"]
    assert shown["createdAt"] == created["createdAt"]


def test_a_second_writer_can_change_fields(admin, state_path):
    admin.post("/v1/llm-providers", json=OPENAI)

    simulate_second_writer(state_path, "openai", {"enabled": False})

    assert admin.get("/v1/llm-providers/openai").json()["result"]["enabled"] is False


def test_a_second_writer_needs_a_configured_provider(admin, state_path):
    with pytest.raises(KeyError):
        simulate_second_writer(state_path, "openai")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("{ not json", "not JSON: "),
        ('"a string"', "the document: must be of type object"),
        ('{"version": 1}', "the document: 'organization' is missing"),
        ('{"providers": []}', "the document: 'version' is missing"),
        (
            '{"version": 1, "organization": {"id": "o"}, "users": {}, '
            '"secrets": {}, "providers": []}',
            "providers: must be of type object",
        ),
        (
            '{"version": 2, "organization": {"id": "o"}, "users": {}, "secrets": {}}',
            "version: must be 1",
        ),
        (
            '{"version": 1, "organization": {"id": "o"}, "secrets": {}, '
            '"users": {"u": {"secret": "sandbox-admin-secret"}}}',
            "users/u: 'role' is missing",
        ),
    ],
)
def test_a_state_file_of_the_wrong_shape_answers_500_and_is_kept(
    anon, state_path, text: str, what: str
):
    state_path.write_text(text)

    response = anon.post("/v1/auth/access_token", json={"clientId": "a"})

    assert response.status_code == 500
    message = response.json()["message"]
    assert message.startswith(
        f"sandbox state file {state_path} is not a valid sandbox state ({what}"
    )
    assert message.endswith("): delete it to start a fresh org")
    assert "sandbox-admin-secret" not in message
    assert state_path.read_text() == text


def test_a_state_file_in_a_missing_directory_is_refused(tmp_path):
    path = tmp_path / "missing" / "org.json"

    with pytest.raises(UsageError) as caught:
        CheckedSandbox(path)

    assert str(caught.value) == (
        f"the directory of the sandbox state file does not exist: {path.parent}"
    )
    assert not path.parent.exists()


def test_a_directory_removed_after_start_answers_500(tmp_path):
    path = tmp_path / "gone" / "org.json"
    path.parent.mkdir()
    sandbox = CheckedSandbox(path)
    path.parent.rmdir()

    response = sandbox.handle("GET", "/v1/llm-providers", {}, {}, b"")

    assert response.status == 500
    assert "does not exist" in response.json()["message"]
    assert not path.parent.exists()
