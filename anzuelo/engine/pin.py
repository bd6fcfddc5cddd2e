"""Re-pin the OpenSearch jars (maintainers, when bumping the version): ``python -m anzuelo.engine.pin``.

``--update-lock --version V`` resolves V with Maven into a fresh temporary
cache (Central's checksums enforced) and writes the SHA-256 of every jar into
``anzuelo/engine/jars.lock.json``; ``--cache DIR`` pins an already resolved
cache instead; without ``--update-lock`` the hashes are only printed. See
``anzuelo.engine.jarlock`` for how the pins are checked.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from anzuelo import settings
from anzuelo.engine import jarlock, jars


def main(argv: list[str] | None = None) -> int:
    """``--update-lock``: resolve ``--version`` into a fresh cache (or hash ``--cache``) and pin it."""
    parser = argparse.ArgumentParser(prog="python -m anzuelo.engine.pin", description=jarlock.__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update-lock", action="store_true", help="write the hashes into the lock file")
    parser.add_argument("--version", default=str(settings.get("ENGINE_OPENSEARCH_VERSION")), help="OpenSearch version")
    parser.add_argument("--cache", type=Path, help="an already resolved cache folder (holding lib/) to pin")
    parser.add_argument("--lock", type=Path, default=jarlock.LOCK_FILE, help="lock file [default: the shipped one]")
    args = parser.parse_args(argv)
    if args.cache is None:
        import tempfile

        args.cache = Path(tempfile.mkdtemp(prefix="anzuelo-jars-")) / f"opensearch-{args.version}"
        jars.resolve(args.cache, args.version, float(settings.get("ENGINE_MAVEN_TIMEOUT")))
    hashes = jarlock.hash_jars(args.cache / "lib")
    if not hashes:
        parser.error(f"no jars in {args.cache / 'lib'}")
    if args.update_lock:
        print(f"pinned {len(hashes)} jars of OpenSearch {args.version} in {jarlock.write_lock(args.version, hashes, args.lock)}")
    else:
        print(json.dumps(hashes, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
