"""Unit tests of the launcher's pure parts: pom, Java checks, command line, ports, errors."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from anzuelo.engine import LocalEngine, jars
from anzuelo.engine.java import check_java_version, node_command, parse_java_version, require_java, require_maven
from anzuelo.engine.net import free_port, http_json, port_in_use
from anzuelo.errors import EXIT_ENGINE, EngineError

NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def test_render_pom_fills_versions_and_lists_the_three_artifacts():
    root = ET.fromstring(jars.render_pom("2.19.6"))
    assert root.find("m:properties/m:opensearch.version", NS).text == "2.19.6"
    deps = {(d.find("m:groupId", NS).text, d.find("m:artifactId", NS).text): d.find("m:version", NS).text
            for d in root.findall("m:dependencies/m:dependency", NS)}
    assert deps[("org.opensearch", "opensearch")] == "${opensearch.version}"
    assert deps[("org.opensearch.plugin", "transport-netty4-client")] == "${opensearch.version}"
    assert deps[("org.opensearch.plugin", "analysis-common")] == "${opensearch.version}"
    assert deps[("org.apache.logging.log4j", "log4j-core")] == "2.25.4"
    assert "@" not in jars.render_pom("2.19.6").split("-->", 1)[1]


def test_render_pom_unknown_version_explains():
    with pytest.raises(EngineError, match="no known log4j version"):
        jars.render_pom("9.9.9")


@pytest.mark.parametrize(("text", "major"), [
    ('openjdk version "17.0.15" 2025-04-15', 17),
    ('openjdk version "21" 2023-09-19', 21),
    ('java version "1.8.0_392"', 8),
    ("garbage", None),
])
def test_parse_java_version(text, major):
    assert parse_java_version(text) == major


def test_old_java_is_refused_with_hint():
    with pytest.raises(EngineError) as err:
        check_java_version(11, "/usr/bin/java")
    assert "Java 11" in err.value.message and "17" in err.value.message
    assert "JAVA_HOME" in err.value.hint
    assert err.value.exit_code == EXIT_ENGINE
    check_java_version(17)


def test_missing_java_and_maven_explain(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(EngineError, match="Java was not found") as err:
        require_java()
    assert "openjdk-17" in err.value.hint
    with pytest.raises(EngineError, match="Maven") as err:
        require_maven()
    assert "apt install maven" in err.value.hint


def test_node_command_compiled_and_source_launcher(tmp_path):
    args = ["home", "data", "logs", "9200", "9300", "c", "n"]
    compiled = node_command("java", tmp_path / "lib", tmp_path / "classes", "512m", args)
    assert compiled[:3] == ["java", "-Xms512m", "-Xmx512m"]
    assert "-Dopensearch.set.netty.runtime.available.processors=false" in compiled
    cp = compiled[compiled.index("-cp") + 1]
    assert cp == f"{tmp_path}/lib/*:{tmp_path}/classes"
    assert compiled[compiled.index("-cp") + 2:] == ["RunNode", *args]
    source = node_command("java", tmp_path / "lib", None, "1g", args)
    assert source[source.index("-cp") + 1] == f"{tmp_path}/lib/*"
    assert source[source.index("-cp") + 2].endswith("anzuelo/engine/RunNode.java")
    assert Path(source[source.index("-cp") + 2]).is_file()


def test_engine_command_uses_its_folders(tmp_path):
    eng = LocalEngine(tmp_path, port=9555, data_dir=tmp_path / "d", run_dir=tmp_path / "r", heap="256m")
    cmd = eng.command("java")
    tail = cmd[-7:]
    assert tail[:4] == [str(tmp_path / "r"), str(tmp_path / "d"), str(tmp_path / "r" / "logs"), "9555"]
    first, last = map(int, tail[4].split("-"))
    assert 1024 < first < last == first + 100 <= 65535
    assert eng.url == "http://127.0.0.1:9555"
    assert eng.cache == tmp_path / "engine" / "opensearch-2.19.6"


def test_port_checks_see_a_listener():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        assert port_in_use("127.0.0.1", port)
    assert not port_in_use("127.0.0.1", free_port())
    assert http_json(f"http://127.0.0.1:{free_port()}/") is None


def test_start_refuses_a_port_taken_by_another_program(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        eng = LocalEngine(tmp_path, port=port, run_dir=tmp_path / "r", echo=lambda _: None)
        with pytest.raises(EngineError, match=f"port {port}") as err:
            eng.start()
    assert "--port" in err.value.hint


def test_status_and_stop_without_a_node(tmp_path):
    eng = LocalEngine(tmp_path, port=free_port(), run_dir=tmp_path / "r", echo=lambda _: None)
    st = eng.status()
    assert not st.running and st.pid is None and st.version is None
    assert eng.stop() is False
    # A stale pid file (a pid that is not a node) is ignored.
    (tmp_path / "r").mkdir()
    eng.pid_file.write_text('{"pid": 1, "port": 1}')
    assert eng.running_pid() is None
    assert eng.stop() is False and not eng.pid_file.exists()


def test_is_fetched_needs_marker_and_jars(tmp_path):
    assert not jars.is_fetched(tmp_path, "2.19.6")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "opensearch-2.19.6.jar").write_bytes(b"")
    (tmp_path / jars.MARKER).write_text('{"fingerprint": "old"}')
    assert not jars.is_fetched(tmp_path, "2.19.6")
    (tmp_path / jars.MARKER).write_text('{"fingerprint": "%s"}' % jars.fingerprint("2.19.6"))
    assert jars.is_fetched(tmp_path, "2.19.6")
