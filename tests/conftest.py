"""Root conftest: every fixture of the suite, grouped by topic in tests/fixtures/.

* engine  - a real OpenSearch node (session scope, free port, temp data folder)
* sites   - the bundled demo sites served on 127.0.0.1 with a deep listen backlog
* nlp     - scorer instances and labelled-data loaders
* browser - headless Debian chromium driven by Playwright
* redis   - a real redis-server (Debian) on a free port, a fresh database per test
* adsite  - a generated job board (invented ads) that counts requests in flight
* cluster - a local three-node OpenSearch cluster (engine start --nodes 3)
* demo_index - the demo sites crawled and scored into the engine, and the workbench over them
* fuzz    - hypothesis profiles (``ci``: derandomized, the default; ``explore``) and the naughty strings
* models  - labelled train/test slices and two tiny saved models (good, label-flipped bad) for the registry
* encoders - one int8 MiniLM ONNX graph built per session into a temporary cache folder
* static_encoders - one static (model2vec) MiniLM table distilled per session into a temporary cache folder
* tuning  - one installation for the tuning-loop test: own home, models folder, prefix, demo ads crawled with a promoted version
"""

pytest_plugins = [
    "tests.fixtures.engine",
    "tests.fixtures.sites",
    "tests.fixtures.nlp",
    "tests.fixtures.browser",
    "tests.fixtures.redis",
    "tests.fixtures.adsite",
    "tests.fixtures.cluster",
    "tests.fixtures.fuzz",
    "tests.fixtures.demo_index",
    "tests.fixtures.models",
    "tests.fixtures.encoders",
    "tests.fixtures.static_encoders",
    "tests.fixtures.tuning",
]
