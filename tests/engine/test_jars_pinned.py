"""The OpenSearch jars are pinned by SHA-256 (``anzuelo/engine/jars.lock.json``); a mismatch is refused.

The real cache (``$ANZUELO_HOME/engine/opensearch-<version>``, fetched by Maven
if missing, as the engine fixture does) must verify; a temp copy of it with one
byte changed, one jar removed or one jar added must not.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from anzuelo import settings
from anzuelo.engine import jarlock, jars, pin
from anzuelo.errors import EXIT_ENGINE, EngineError

VERSION = str(settings.get("ENGINE_OPENSEARCH_VERSION"))


@pytest.fixture(scope="module")
def real_cache() -> Path:
    """The cache every node of this machine runs from, fetched (and so verified) like `anzuelo engine fetch`."""
    cache = settings.home() / "engine" / f"opensearch-{VERSION}"
    return jars.fetch(cache, VERSION, float(settings.get("ENGINE_MAVEN_TIMEOUT")), echo=lambda _: None)


@pytest.fixture
def cache_copy(real_cache: Path, tmp_path: Path) -> Path:
    """A private copy of the real cache (jars copied, never linked: tampering must not reach the original)."""
    copy = tmp_path / f"opensearch-{VERSION}"
    shutil.copytree(real_cache, copy, copy_function=shutil.copyfile)
    return copy


def test_jars_lock_pins_every_jar_of_the_shipped_version():
    pins = jarlock.pinned(VERSION)
    assert len(pins) >= 50 and all(len(sha) == 64 and int(sha, 16) >= 0 for sha in pins.values())
    assert any(name.startswith("opensearch-") for name in pins) and any(name.startswith("lucene-core") for name in pins)


def test_jars_real_cache_verifies_and_marker_records_the_hashes(real_cache):
    assert jarlock.verify(real_cache / "lib", VERSION) == jarlock.pinned(VERSION)
    marker = json.loads((real_cache / jars.MARKER).read_text(encoding="utf-8"))
    assert marker["sha256"] == jarlock.pinned(VERSION)


def test_jars_tampered_jar_in_cache_copy_is_refused(cache_copy):
    victim = sorted((cache_copy / "lib").glob("opensearch-2*.jar"))[0]
    expected = jarlock.pinned(VERSION)[victim.name]
    with open(victim, "ab") as fh:
        fh.write(b"\x00")
    with pytest.raises(EngineError) as err:
        jars.fetch(cache_copy, VERSION, 1, echo=lambda _: None)  # cached: no Maven, but re-hashed
    text = str(err.value)
    assert f"jar checksum mismatch: {victim}" in text and f"expected sha256 {expected}" in text
    assert f"got      sha256 {jarlock.sha256_file(victim)}" in text
    assert f"delete {cache_copy}" in text and "anzuelo engine fetch" in text
    assert err.value.exit_code == EXIT_ENGINE


def test_jars_missing_or_extra_jar_is_refused(cache_copy):
    lib = cache_copy / "lib"
    (lib / "helper-1.0.jar").write_bytes(b"PK\x03\x04 not from Maven Central")
    with pytest.raises(EngineError, match=r"jar not in the pinned set of OpenSearch .*helper-1\.0\.jar"):
        jarlock.verify(lib, VERSION)
    (lib / "helper-1.0.jar").unlink()
    gone = sorted(lib.glob("jna-*.jar"))[0]
    gone.unlink()
    with pytest.raises(EngineError, match=rf"1 pinned jar\(s\) missing from .*{gone.name}"):
        jars.fetch(cache_copy, VERSION, 1, echo=lambda _: None)


def test_jars_old_marker_without_hashes_is_upgraded_after_verifying(cache_copy):
    marker = cache_copy / jars.MARKER
    data = json.loads(marker.read_text(encoding="utf-8"))
    data.pop("sha256", None)
    marker.write_text(json.dumps(data), encoding="utf-8")
    assert jars.fetch(cache_copy, VERSION, 1, echo=lambda _: None) == cache_copy
    assert json.loads(marker.read_text(encoding="utf-8"))["sha256"] == jarlock.pinned(VERSION)


def test_jars_version_without_pins_is_refused_with_the_repin_command(tmp_path):
    lock = tmp_path / "jars.lock.json"
    lock.write_text(json.dumps({"versions": {VERSION: {}}}), encoding="utf-8")
    with pytest.raises(EngineError, match=r"no pinned jar hashes for OpenSearch 9\.9\.9") as err:
        jarlock.pinned("9.9.9", lock)
    assert "python -m anzuelo.engine.pin --update-lock --version 9.9.9" in str(err.value)
    lock.write_text("{not json", encoding="utf-8")
    with pytest.raises(EngineError, match="cannot read the jar lock file"):
        jarlock.pinned(VERSION, lock)


def test_jars_pin_update_lock_writes_hashes_that_verify(real_cache, tmp_path, capsys):
    lock = tmp_path / "jars.lock.json"
    lock.write_text(json.dumps({"versions": {"1.0.0": {"a.jar": "0" * 64}}}), encoding="utf-8")
    assert pin.main(["--update-lock", "--version", VERSION, "--cache", str(real_cache), "--lock", str(lock)]) == 0
    assert f"pinned {len(jarlock.pinned(VERSION))} jars" in capsys.readouterr().out
    assert jarlock.pinned("1.0.0", lock) == {"a.jar": "0" * 64}  # other versions kept
    assert jarlock.verify(real_cache / "lib", VERSION, lock) == jarlock.pinned(VERSION)
