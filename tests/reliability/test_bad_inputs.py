"""Hostile config files through the CLI: each is reported, none shows a traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.reliability.conftest import TOTALS, TRACEBACK, Cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "bad").glob("*.yaml"))
HEAD = b"version: 1\nproviders:\n"
OPENAI = b"  openai:\n    config:\n      apiKeySecretName: openai-api-key\n"


def _alias_bomb(levels: int) -> bytes:
    lines = [b"a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        refs = b", ".join(b"*a%d" % (n - 1) for _ in range(9))
        lines.append(b"a%d: &a%d [%s]" % (n, n, refs))
    return b"\n".join(lines) + b"\n"


def _nested(depth: int, mapping: bool) -> bytes:
    if mapping:
        return HEAD + b"{a: " * depth + b"1" + b"}" * depth + b"\n"
    return b"[" * depth + b"]" * depth + b"\n"


def _random_bytes(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


def _look_alike(name: str) -> bytes:
    text = f"  {name}:\n    config:\n      apiKeySecretName: openai-api-key\n"
    return HEAD + text.encode("utf-8")


GENERATED: dict[str, bytes] = {
    **{f"alias-bomb-{n}": _alias_bomb(n) for n in range(2, 10)},
    **{f"nested-map-{d}": _nested(d, True) for d in (63, 65, 200, 1000, 5000)},
    **{f"nested-list-{d}": _nested(d, False) for d in (63, 65, 200, 1000, 5000)},
    **{f"random-bytes-{s}": _random_bytes(s, 64 + s * 37) for s in range(12)},
    "empty": b"",
    "only-whitespace": b"  \n\t\n",
    "only-comment": b"# nothing here\n",
    "only-bom": b"\xef\xbb\xbf",
    "bom-utf8-valid": b"\xef\xbb\xbf" + HEAD + OPENAI,
    "bom-utf16-le": "version: 1\n".encode("utf-16-le").join([b"\xff\xfe", b""]),
    "bom-utf16-be": b"\xfe\xff" + "version: 1\n".encode("utf-16-be"),
    "latin1": HEAD
    + "  openai:\n    config: {apiKeySecretName: clé}\n".encode("latin-1"),
    "nul-byte": HEAD + b"  open\x00ai: {}\n",
    "tab-indent": HEAD + b"\topenai:\n\t\tconfig: {}\n",
    "tab-after-key": b"version:\t1\nproviders:\t{}\n",
    "crlf-valid": (HEAD + OPENAI).replace(b"\n", b"\r\n"),
    "lone-cr": (HEAD + OPENAI).replace(b"\n", b"\r"),
    **{
        f"scalar-{i}": text
        for i, text in enumerate(
            [b"42", b"null", b"true", b"'x'", b"~", b"- a\n- b", b"[]", b"{}", b"..."]
        )
    },
    "int-key": b"{1: 2}\n",
    "complex-key": b"? [a, b]\n: c\n",
    "int-provider-key": b"version: 1\nproviders:\n  1: {}\n",
    "null-provider-key": b"version: 1\nproviders:\n  null: {}\n",
    "bool-top-key": b"true: 1\nversion: 1\n",
    "float-version": b"version: 1.0\nproviders: {}\n",
    "cyrillic-o": _look_alike("\u043epenai"),
    "zero-width": _look_alike("openai\u200b"),
    "fullwidth": _look_alike("\uff4f\uff50\uff45\uff4e\uff41\uff49"),
    "nbsp": _look_alike("anthropic\u00a0"),
    "rtl-override": _look_alike("\u202eopenai"),
    "combining": _look_alike("ope\u0301nai"),
    "python-tag": b"!!python/object/apply:os.system ['true']\n",
    "custom-tag": HEAD + b"  openai: !secret {}\n",
    "undefined-alias": HEAD + b"  openai: *nowhere\n",
    "merge-of-scalar": HEAD + b"  openai:\n    <<: 1\n",
    "two-documents": HEAD + b"---\n" + HEAD,
    "huge-comments": b"# " + b"x" * (6 * 1024 * 1024) + b"\n",
    "many-keys": b"".join(b"k%d: 1\n" % n for n in range(20_000)),
    "long-line": HEAD
    + b"  openai: {config: {apiKeySecretName: "
    + b"a" * 200_000
    + b"}}",
    "long-provider-name": _look_alike("p" * 5000),
    "key-in-name": HEAD
    + b"  openai:\n    config:\n      apiKeySecretName: "
    + b"sk-proj-"
    + b"A1b2C3d4" * 6
    + b"\n",
    "unclosed-quote": HEAD + b'  openai: {config: {apiKeySecretName: "abc}}\n',
    "unclosed-flow": HEAD + b"  openai: {config: [\n",
    "colon-soup": b"::::\n: : :\n",
    "dash-soup": b"- - - -\n  - -\n",
    "directive": b"%YAML 9.9\n---\nversion: 1\n",
    "anchor-loop-merge": b"a: &a\n  <<: *a\n",
}

INPUTS = [(p.stem, p.read_bytes()) for p in FIXTURES] + sorted(GENERATED.items())


@pytest.mark.parametrize(("name", "content"), INPUTS, ids=[n for n, _ in INPUTS])
@pytest.mark.parametrize("command", ["validate", "plan"])
def test_bad_input_is_reported_without_traceback(
    tmp_path, capsys, admin_env, name, content, command
):
    config = tmp_path / "llmconf.yaml"
    config.write_bytes(content)
    cli = Cli(["--sandbox", str(tmp_path / "sandbox.json")], capsys)

    result = cli.run(command, "-c", str(config))
    TOTALS.bad_inputs += command == "validate"

    assert TRACEBACK not in result.text
    assert result.code in (0, 1), result.text
    if result.code == 1:
        assert "error: " in result.err
    assert "A1b2C3d4A1b2C3d4" not in result.text
