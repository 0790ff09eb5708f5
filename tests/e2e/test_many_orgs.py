"""Several orgs in one plan run: a directory or repeated -c, concurrent, grouped."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from llmconf import orgs
from llmconf.cli import run
from llmconf.render.markdown import MARKER
from llmconf.sandbox import ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, make_server
from tests.e2e.conftest import EXAMPLES, Result

NAMES = ("dev", "staging", "prod")
QUICKSTART = next(p for p in EXAMPLES if p.stem == "quickstart").read_text()


def org_file(folder: Path, name: str, extra: str = "") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(QUICKSTART + extra)
    return path


@pytest.fixture
def fleet(tmp_path, capsys, clean_env):
    """Three org files in one directory, and ``cli`` to run llmconf on them."""
    configs = tmp_path / "orgs"
    configs.mkdir()
    sandboxes = tmp_path / "sandboxes"
    sandboxes.mkdir()
    for name in NAMES:
        org_file(configs, name)

    def cli(*args: str) -> Result:
        capsys.readouterr()
        code = run(["--sandbox", str(sandboxes), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    cli.configs = configs
    cli.sandboxes = sandboxes
    return cli


def apply_all_but(fleet, changed: str) -> None:
    for name in NAMES:
        if name != changed:
            config = str(fleet.configs / f"{name}.yaml")
            assert fleet("apply", "--auto-approve", "-c", config).code == 0


def test_exit_2_when_exactly_one_org_has_changes(fleet):
    apply_all_but(fleet, "staging")

    result = fleet("plan", "--detailed-exitcode", "-c", str(fleet.configs))

    assert result.code == 2, result.text
    assert result.out.count("No changes. Port matches the file.") == 2
    assert result.out.count("Plan: 1 to create") == 1
    assert "Total: 3 orgs: 1 with changes, 2 without changes, 0 failed." in result.out
    assert sorted(p.name for p in fleet.sandboxes.glob("*.json")) == [
        "dev.json",
        "prod.json",
        "staging.json",
    ]


def test_exit_0_when_no_org_has_changes(fleet):
    apply_all_but(fleet, "")

    result = fleet("plan", "--detailed-exitcode", "-c", str(fleet.configs))

    assert result.code == 0, result.text


def test_plans_run_concurrently(fleet, monkeypatch):
    # Each plan waits until all three are in flight: run one after another, the
    # first would wait alone and break the barrier.
    barrier = threading.Barrier(len(NAMES), timeout=30)
    real = orgs.plan_config

    def meet_then_plan(desired, options):
        barrier.wait()
        return real(desired, options)

    monkeypatch.setattr(orgs, "plan_config", meet_then_plan)

    result = fleet("plan", "-c", str(fleet.configs))

    assert result.code == 0, result.text
    assert result.out.count("Plan: 1 to create") == 3


def test_output_is_grouped_per_file_in_order(fleet):
    result = fleet("plan", "-c", str(fleet.configs))

    headers = [line for line in result.out.splitlines() if line.startswith("==> ")]
    assert headers == [f"==> {fleet.configs / n}.yaml <==" for n in sorted(NAMES)]


def test_repeated_config_options_plan_each_file(fleet):
    dev, prod = (str(fleet.configs / f"{n}.yaml") for n in ("dev", "prod"))

    result = fleet("plan", "-c", dev, "-c", prod)

    assert "Total: 2 orgs: 2 with changes" in result.out
    assert "staging" not in result.out


def test_one_broken_org_does_not_hide_the_others(fleet):
    broken = fleet.configs / "staging.yaml"
    broken.write_text(QUICKSTART.replace("anthropic-api-key", "${STAGING_KEY_NAME}"))

    result = fleet("plan", "--detailed-exitcode", "-c", str(fleet.configs))

    assert result.code == 1
    assert result.out.count("Plan: 1 to create") == 2
    assert f"==> {broken} <==\nNot planned: the error is on stderr." in result.out
    assert f"{broken}:14:25: " in result.err
    assert "STAGING_KEY_NAME" in result.err
    assert "Total: 3 orgs: 2 with changes, 0 without changes, 1 failed." in result.out


def test_markdown_for_several_orgs_is_one_comment(fleet):
    apply_all_but(fleet, "prod")

    result = fleet("plan", "--format", "markdown", "-c", str(fleet.configs))

    assert result.out.startswith(MARKER + "\n")
    assert "**1 with changes, 2 without changes, 0 failed.**" in result.out
    assert result.out.count("<details>") == 2


@pytest.mark.parametrize("flags", [["--format", "json"], ["--out", "plan.json"]])
def test_json_and_saved_plans_take_one_file(fleet, flags):
    result = fleet("plan", *flags, "-c", str(fleet.configs))

    assert result.code == 1
    assert "take one config file" in result.err


def test_several_files_need_a_sandbox_directory(fleet, tmp_path, capsys):
    code = run(
        ["--sandbox", str(tmp_path / "one.json"), "plan", "-c", str(fleet.configs)]
    )

    assert code == 1
    assert "--sandbox to be an existing directory" in capsys.readouterr().err


def test_an_empty_directory_is_refused(fleet, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a config\n")

    result = fleet("plan", "-c", str(empty))

    assert result.code == 1
    assert f"{empty} is a directory without any *.yaml or *.yml file" in result.err


def test_a_directory_plans_yml_files_too(fleet):
    (fleet.configs / "staging.yaml").rename(fleet.configs / "staging.yml")

    result = fleet("plan", "-c", str(fleet.configs))

    headers = [line for line in result.out.splitlines() if line.startswith("==> ")]
    assert result.code == 0, result.text
    assert headers == [
        f"==> {fleet.configs / name} <=="
        for name in ("dev.yaml", "prod.yaml", "staging.yml")
    ]


def make_dangling_link(entry: Path) -> None:
    entry.symlink_to(entry.parent / "missing.yaml")


@pytest.mark.parametrize(
    "name, make, what",
    [
        ("x.yaml", make_dangling_link, "a dangling link"),
        ("x.yml", make_dangling_link, "a dangling link"),
        ("sub.yaml", Path.mkdir, "not a file"),
    ],
)
@pytest.mark.parametrize("command", ["plan", "validate"])
def test_an_entry_that_is_not_a_file_is_an_error(fleet, name, make, what, command):
    make(fleet.configs / name)

    result = fleet(command, "-c", str(fleet.configs))

    assert result.code == 1
    assert f"error: {fleet.configs / name} is {what}" in result.err
    assert result.out == ""
    # Refused before Port is read: no org was opened.
    assert list(fleet.sandboxes.iterdir()) == []


@pytest.mark.parametrize("second", ["b/dev.yaml", "a/dev.yml"])
def test_two_files_with_one_name_cannot_share_a_sandbox_org(fleet, tmp_path, second):
    first = tmp_path / "a" / "dev.yaml"
    other = tmp_path / second
    for path in (first, other):
        path.parent.mkdir(exist_ok=True)
        path.write_text(QUICKSTART)

    result = fleet("plan", "-c", str(first), "-c", str(other))

    assert result.code == 1
    assert f"{first} and {other} would share the sandbox org" in result.err
    assert list(fleet.sandboxes.iterdir()) == []


def test_validate_checks_every_file(fleet):
    (fleet.configs / "prod.yaml").write_text("version: 2\n")

    result = fleet("validate", "-c", str(fleet.configs))

    assert result.code == 1
    assert "dev.yaml: valid (1 provider)." in result.out
    assert "prod.yaml:1:" in result.err


@pytest.fixture
def servers(tmp_path):
    """Three sandbox servers on loopback, one org each."""
    started = []
    for name in NAMES:
        server = make_server(tmp_path / f"{name}.json", host="127.0.0.1", port=0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
    yield {name: server for name, server in zip(NAMES, started, strict=True)}
    for server in started:
        server.shutdown()
        server.server_close()


def test_each_file_names_its_own_credentials_and_url(
    tmp_path, capsys, monkeypatch, clean_env, servers
):
    folder = tmp_path / "orgs"
    folder.mkdir()
    for name, server in servers.items():
        upper = name.upper()
        credentials = (
            f"\ncredentials:\n  clientId: {upper}_PORT_CLIENT_ID\n"
            f"  clientSecret: {upper}_PORT_CLIENT_SECRET\n"
            f"  apiUrl: {upper}_PORT_API_URL\n"
        )
        config = org_file(folder, name, credentials)
        host, port = server.server_address[:2]
        monkeypatch.setenv(f"{upper}_PORT_API_URL", f"http://{host}:{port}")
        monkeypatch.setenv(f"{upper}_PORT_CLIENT_ID", ADMIN_CLIENT_ID)
        monkeypatch.setenv(f"{upper}_PORT_CLIENT_SECRET", ADMIN_CLIENT_SECRET)
        if name != "prod":
            assert run(["apply", "--auto-approve", "-c", str(config)]) == 0
    capsys.readouterr()

    code = run(["plan", "--detailed-exitcode", "-c", str(folder)])

    out = capsys.readouterr().out
    assert code == 2, out
    assert "Total: 3 orgs: 1 with changes, 2 without changes, 0 failed." in out
    prod = out.split(f"==> {folder / 'prod.yaml'} <==\n", 1)[1]
    assert f"against http://127.0.0.1:{servers['prod'].server_address[1]}" in prod
    assert prod.index("+ create provider anthropic") < prod.index("Total: ")


def test_each_orgs_error_names_its_file(
    tmp_path, capsys, monkeypatch, clean_env, servers
):
    folder = tmp_path / "orgs"
    folder.mkdir()
    for name, server in servers.items():
        upper = name.upper()
        credentials = (
            "\ncredentials:\n  clientId: ORG_PORT_CLIENT_ID\n"
            f"  clientSecret: ORG_PORT_CLIENT_SECRET\n  apiUrl: {upper}_PORT_API_URL\n"
        )
        org_file(folder, name, credentials)
        host, port = server.server_address[:2]
        monkeypatch.setenv(f"{upper}_PORT_API_URL", f"http://{host}:{port}")
    monkeypatch.setenv("ORG_PORT_CLIENT_ID", ADMIN_CLIENT_ID)
    monkeypatch.setenv("ORG_PORT_CLIENT_SECRET", "not-the-admin-secret")

    code = run(["plan", "-c", str(folder)])

    errors = capsys.readouterr().err.splitlines()
    assert code == 1
    for name in NAMES:
        prefix = f"error: {folder / name}.yaml: Port refused the client credentials"
        assert sum(line.startswith(prefix) for line in errors) == 1, errors


def test_comment_marker_names_the_directory_not_its_files(fleet):
    result = fleet("plan", "--format", "markdown", "-c", str(fleet.configs))

    assert result.out.splitlines()[1] == f"<!-- llmconf-plan: {fleet.configs} -->"


def test_a_directory_with_one_file_keeps_the_directory_marker(fleet):
    for name in ("staging", "prod"):
        (fleet.configs / f"{name}.yaml").unlink()

    result = fleet("plan", "--format", "markdown", "-c", str(fleet.configs))

    assert result.code == 0, result.text
    assert result.out.splitlines()[1] == f"<!-- llmconf-plan: {fleet.configs} -->"
    assert "Plan: 1 to create" in result.out


def test_one_orgs_bug_does_not_hide_the_others(fleet, monkeypatch):
    real = orgs.plan_config

    def broken_for_dev(desired, options):
        if desired.source.stem == "dev":
            raise RuntimeError("simulated bug")
        return real(desired, options)

    monkeypatch.setattr(orgs, "plan_config", broken_for_dev)

    result = fleet("plan", "-c", str(fleet.configs))

    assert result.code == 3
    assert "internal error: RuntimeError: simulated bug" in result.err
    assert result.out.count("Plan: 1 to create") == 2
