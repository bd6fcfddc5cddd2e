"""The search page shows how many hits are online and gone next to the status filter."""

from __future__ import annotations

import re

from tests.workbench.helpers import login, make_app


def test_status_filter_shows_counts(tmp_path):
    app, backend = make_app(tmp_path)
    online = sum(1 for a in backend.ads.values() if a.get("status") == "online")
    gone = sum(1 for a in backend.ads.values() if a.get("status") == "gone")
    assert online and gone  # the seed has both
    html = login(app, "viewer").get("/").text
    status = html[html.index("<legend>Status</legend>"):]
    status = status[:status.index("</fieldset>")]
    counts = dict(re.findall(r'value="(online|gone)"[^>]*>.*?<span class="count">(\d*)</span>', status, re.S))
    assert counts == {"online": str(online), "gone": str(gone)}
