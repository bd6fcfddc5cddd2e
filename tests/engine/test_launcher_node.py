"""Integration: start, status, stop a real node; a dying node shows its log."""

from __future__ import annotations

import pytest

from anzuelo import settings
from anzuelo.engine import LocalEngine
from anzuelo.engine.net import free_port, port_in_use
from anzuelo.errors import EngineError

pytestmark = pytest.mark.integration


def test_engine_url_fixture_serves_opensearch(engine_url):
    from anzuelo.engine.net import http_json

    root = http_json(engine_url + "/")
    assert root["version"]["distribution"] == "opensearch"
    assert root["version"]["number"] == settings.ENGINE_OPENSEARCH_VERSION


def test_start_status_stop_cycle(tmp_path):
    lines: list[str] = []
    eng = LocalEngine(settings.home(), port=free_port(), data_dir=tmp_path / "data",
                      run_dir=tmp_path / "run", heap="256m", echo=lines.append)
    try:
        st = eng.start()
        assert st.running and st.health in ("green", "yellow") and st.version == "2.19.6"
        assert st.pid and eng.pid_file.exists()
        again = eng.start()  # idempotent
        assert again.pid == st.pid
        assert any("already running" in line for line in lines)
        # A second LocalEngine on the same run folder sees the node (port from the pid file).
        other = LocalEngine(settings.home(), port=1, run_dir=tmp_path / "run")
        assert other.status().running and other.url == eng.url
    finally:
        assert eng.stop() is True
    assert not eng.status().running
    assert not port_in_use("127.0.0.1", eng.port)
    assert (tmp_path / "data").is_dir()


def test_a_node_that_dies_reports_its_log(tmp_path):
    eng = LocalEngine(settings.home(), port=free_port(), data_dir=tmp_path / "data",
                      run_dir=tmp_path / "run", heap="not-a-size", echo=lambda _: None)
    with pytest.raises(EngineError) as err:
        eng.start()
    assert "exited with code" in err.value.message
    assert "Invalid" in err.value.message or "heap" in err.value.message.lower()
    assert not eng.pid_file.exists()
