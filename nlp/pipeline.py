"""Build the per-language spaCy pipelines from ``nlp/config.cfg`` and run them.

Pipelines are blank (``spacy.blank``: tokenizer only, no downloaded model)
with the anzuelo components. Text is folded (``nlp.normalize``) before it is
tokenised; components map their spans back onto the original text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import nlp._spacy  # noqa: F401  (imports spaCy without torch)
import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from thinc.api import Config  # noqa: E402

import nlp.entities  # noqa: E402,F401  (registers anzuelo_entities_v1)
import nlp.indicators  # noqa: E402,F401  (registers anzuelo_indicators_v1)
from nlp.normalize import fold  # noqa: E402
from nlp.types import Indicator  # noqa: E402

CONFIG_FILE = Path(__file__).parent / "config.cfg"


@lru_cache(maxsize=None)
def pipeline_config() -> dict[str, Any]:
    """The parsed ``nlp/config.cfg``."""
    return Config().from_disk(CONFIG_FILE)


@lru_cache(maxsize=8)
def get_pipeline(lang: str) -> Language:
    """The pipeline for ``lang`` (es/en/pt; anything else: all patterns on "xx")."""
    cfg = pipeline_config()
    langs = list(cfg["pipeline"]["languages"])
    nlp_lang = lang if lang in langs else "xx"
    pipe = spacy.blank(nlp_lang)
    for name in cfg["pipeline"]["components"]:
        comp_cfg = dict(cfg["components"][name])
        factory = comp_cfg.pop("factory")
        if factory.startswith("anzuelo_indicators"):
            comp_cfg["langs"] = [lang] if lang in langs else langs
        pipe.add_pipe(factory, name=name, config=comp_cfg)
    return pipe


def analyse(text: str, lang: str, *, country: str | None = None, employer: str | None = None
            ) -> tuple[list[Indicator], dict[str, Any]]:
    """Indicators (offsets into ``text``) and entities of one scored string."""
    pipe = get_pipeline(lang)
    folded = fold(text)
    doc = pipe.make_doc(folded.text)
    doc.user_data["anzuelo"] = {"folded": folded, "country": country, "lang": lang, "employer": employer}
    for _, proc in pipe.pipeline:
        doc = proc(doc)
    return list(doc._.anzuelo_indicators or []), doc._.anzuelo_entities
