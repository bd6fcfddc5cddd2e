"""``anzuelo train`` and ``anzuelo evaluate``: build and measure a scoring model."""

from __future__ import annotations

import json
import math
import sys

import click

from anzuelo.errors import InputError
from anzuelo.cli._train_labels import from_labels_options


def _candidates(text: str) -> tuple[str, ...]:
    from nlp.model.candidates import parse_candidates

    try:
        return parse_candidates(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--candidates") from None


def _warn(msg: str) -> None:
    click.secho(f"warning: {msg}", fg="yellow", err=True)


@click.command()
@from_labels_options
@click.argument("data", nargs=-1, required=False, type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder to write the model to.")
@click.option("--kind", type=click.Choice(["combo", "charngram", "transformer", "indicators", "linear"]), default=None,
              help="Force one recipe (no selection). combo = char n-grams + encoders + rule indicators; linear = one "
                   "TF-IDF logistic regression. [default: the best of --candidates]")
@click.option("--candidates", default="linear,charngram,combo", show_default=True,
              help="Recipes compared by grouped CV (the real corpus decides when --real is given); the best at "
                   "--prevalence wins, a simpler one when within noise. Any of: indicators, linear, charngram, "
                   "transformer, combo.")
@click.option("--prevalence", type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True), default=0.02,
              show_default=True, help="Prevalence of deceptive ads at which PR-AUC chooses the recipe.")
@click.option("--test-size", type=click.FloatRange(0.0, 0.5), default=0.2, show_default=True,
              help="Share of DATA held out (grouped, stratified) to test the final model; never trained on. 0: none.")
@click.option("--test", "test_paths", multiple=True, type=click.Path(dir_okay=False),
              help="Test file(s) instead of the --test-size split: never trained on, reported in the card.")
@click.option("--encoders", default="minilm,use", show_default=True,
              help="Frozen sentence encoders of the embedding bases, comma-separated: minilm, use (multilingual USE).")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of every split and fit (reproducible).")
@click.option("--epochs", type=int, default=0, show_default=True,
              help="Encoder fine-tuning epochs; the shipped kinds keep MiniLM frozen, so only 0 is accepted.")
@click.option("--folds", type=int, default=5, show_default=True, help="Grouped CV folds for metrics and thresholds.")
@click.option("--max-length", type=int, default=192, show_default=True, help="MiniLM tokens per text.")
@click.option("--batch-size", type=int, default=16, show_default=True, help="Texts per encoder batch.")
@click.option("--threads", type=int, default=None, help="torch threads [default: cores, at most 8].")
@click.option("--eval", "eval_paths", multiple=True, type=click.Path(dir_okay=False),
              help="Held-out file(s) to measure after training (reported in the model card). Repeatable.")
@click.option("--real", "real_dir", type=click.Path(file_okay=False), default=None,
              help="Real corpus folder (postings.jsonl + lures.jsonl, e.g. ../shared/data/real): trained on, and "
                   "measured by leave-one-source-out CV next to a TF-IDF stand-in; it sets the risk thresholds.")
@click.option("--real-weight", type=click.FloatRange(0.0, 10.0, min_open=True), default=0.15, show_default=True,
              help="Sample weight of each real row in training (1 = like a row of DATA).")
@click.option("--encoder-runtime", type=click.Choice(["static", "onnx-int8", "torch"]), default="static",
              show_default=True, help="MiniLM as: static token vectors distilled here (model2vec), ONNX int8, or torch "
                                      "(BENCHMARKS.md, Static embeddings).")
@click.option("--truncation", type=click.Choice(["head+tail", "head"]), default="head+tail", show_default=True,
              help="Which tokens of a long ad the encoders read: both ends, or the start only.")
@click.option("--use-max-tokens", type=click.IntRange(0), default=256, show_default=True,
              help="USE tokens per ad (0: the whole text).")
@click.option("--cascade/--no-cascade", default=True, show_default=True,
              help="combo: fit a gate (TF-IDF + indicators) that settles clear ads so only its uncertain band is "
                   "embedded (several times faster scoring; see BENCHMARKS.md, Cascade).")
@click.option("--cascade-recall-cost", type=click.FloatRange(0.0, 0.5), default=0.01, show_default=True,
              help="Most share of training lures the gate may settle below its band (their low gate score kept).")
@click.option("--cascade-false-alarm", type=click.FloatRange(0.0, 0.5), default=0.005, show_default=True,
              help="Most share of legitimate training ads the gate may settle above its band.")
@click.option("--previous", "previous_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="The model folder this one replaces (may be --out itself, read before training): its figures "
                   "go side by side with the new ones in the model card.")
@click.option("--register", is_flag=True,
              help="Also copy the model into the registry (ANZUELO_MODELS_DIR) as a version; it is not promoted: "
                   "anzuelo models compare / promote.")
def train(data, out_dir, kind, candidates, prevalence, test_size, test_paths, encoders, seed, epochs, folds, max_length,
          batch_size, threads, eval_paths, real_dir, real_weight, encoder_runtime, truncation, use_max_tokens, cascade, cascade_recall_cost, cascade_false_alarm,
          previous_dir, register) -> int:
    """Train a scoring model from labelled DATA files and write it, with its model card, to --out.

    \b
    DATA: JSONL like data/labelled (title, text, label, lang, indicators) or CSV
    with text,label columns (EMSCAD CSV works as is: fraudulent = label).
    Bad rows are reported with their line number and skipped.
    Example (the default model, `make model`):
      anzuelo train data/labelled/*.jsonl data/extra/*.jsonl --out nlp/models/default \\
        --real ../shared/data/real --eval data/extra/heldout/messy-test.jsonl
    """
    from nlp.model.train import TrainingArguments
    from nlp.model.train import train as run

    if epochs:
        raise InputError("fine-tuning MiniLM is not part of the shipped models (--epochs must be 0)",
                         "see BENCHMARKS.md: frozen MiniLM + heads matched fine-tuning here; use benchmarks/ to try it")
    names = tuple(e.strip() for e in encoders.split(",") if e.strip())
    if not names or any(e not in ("minilm", "use") for e in names):
        raise InputError(f"unknown encoders {encoders!r}", "use --encoders minilm or --encoders minilm,use")
    args = TrainingArguments(kind=kind, encoders=names, seed=seed, folds=folds, max_length=max_length, batch_size=batch_size,
                             epochs=epochs, threads=threads, real_dir=real_dir,
                             real_weight=real_weight, candidates=_candidates(candidates), prevalence=prevalence,
                             test_size=test_size, test_paths=tuple(test_paths), cascade=cascade,
                             encoder_runtime=encoder_runtime, truncation=truncation, use_max_tokens=use_max_tokens or None,
                             cascade_max_recall_cost=cascade_recall_cost, cascade_max_false_alarm=cascade_false_alarm)
    command = "anzuelo train " + " ".join(sys.argv[2:]) if sys.argv[1:2] == ["train"] else ""
    previous = None
    if previous_dir:
        from nlp.model.card_previous import read_config

        try:
            previous = read_config(previous_dir)
        except (OSError, ValueError) as exc:
            raise InputError(f"--previous {previous_dir}: no readable config.json ({exc})",
                             "pass a model folder written by anzuelo train") from None
    model = run(list(data), out_dir, args, eval_paths=list(eval_paths), command=command, report_bad=_warn)
    if previous:
        from nlp.model.card_previous import add_previous

        add_previous(out_dir, previous)
    m = model.config["cv_metrics"]
    click.echo(f"model {model.version} written to {out_dir}")
    click.echo(f"recipe: {model.config['kind']} ({model.config['selection']['why']})")
    for row in model.config["selection"]["candidates"]:
        click.echo(f"  {row['name']}: CV PR-AUC@{prevalence:g} {row['cv_pr_auc']:.3f} "
                   f"[{row['cv_pr_auc_lo']:.3f}, {row['cv_pr_auc_hi']:.3f}]"
                   + (f", real LOSO {row['real_pr_auc']:.3f}" if "real_pr_auc" in row else "")
                   + f", fit {getattr(model, 'fit_times', {}).get(row['name'], float('nan')):.1f} s/fold")
    t = model.config.get("test_metrics") or {}
    if "at_prevalence_pr_auc" in t:
        click.echo(f"test rows ({model.config['n_test']}, never trained on): PR-AUC@{prevalence:g} "
                   f"{t['at_prevalence_pr_auc']:.3f}, ROC-AUC {t['at_prevalence_roc_auc']:.3f}")
    if register:
        from nlp.model.registry import Registry

        reg = Registry()
        click.echo(f"registered {reg.register(out_dir)} in {reg.root} (not promoted: anzuelo models promote)")
    click.echo(f"CV PR-AUC {m['all_bal_pr_auc']:.3f} (2% prevalence {m['all_p2_pr_auc']:.3f}), "
               f"thresholds medium {model.thresholds['medium']} high {model.thresholds['high']}")
    band = model.config.get("cascade")
    if band:
        click.echo(f"cascade: gate band [{band['lo']:.4f}, {band['hi']:.4f}]: {band['share_rows']:.0%} of training rows "
                   f"embedded ({band['share']:.0%} at 2% prevalence), {band['recall_cost']:.1%} of lures settled below")
    r, s = model.config.get("real_metrics") or {}, model.config.get("standin_real_metrics") or {}
    if r:
        click.echo(f"real text, leave-one-source-out at 2%: PR-AUC {r['real_p2_pr_auc']:.3f} "
                   f"(TF-IDF stand-in {s['standin_p2_pr_auc']:.3f}), ROC-AUC {r['real_roc_auc']:.3f}; "
                   + ", ".join(f"{lang} {r[f'real_{lang}_p2_pr_auc']:.3f}" for lang in ("es", "en", "pt")
                               if f"real_{lang}_p2_pr_auc" in r))
    return 0


@click.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Model folder [default: the shipped default model].")
@click.option("--json", "as_json", is_flag=True, help="Print the flat metrics dict as JSON.")
def evaluate(data, model_dir, as_json) -> int:
    """Measure a model on labelled DATA through the Scorer (rules + model): overall, per language,
    per text kind (chat vs posting), per source, and each indicator's fire rate on legitimate rows.

    \b
    Metrics: PR-AUC, precision at 80% recall, ROC-AUC, ECE (10 bins), on the data
    as sampled (bal) and with legitimate ads re-weighted to 2% prevalence (p2);
    per-indicator precision/recall when the data has gold indicators. The model's own
    leave-one-source-out numbers on real text (measured when it was trained with --real)
    are printed beside them. Real corpus:  anzuelo evaluate ../shared/data/real/*.jsonl
    (a model trained on it scores its own training rows there: use its loso numbers).
    """
    from nlp.model.evaluate import evaluate as run

    metrics = run(list(data), model_dir, progress=not as_json, report_bad=_warn)
    if as_json:
        clean = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in metrics.items()}
        click.echo(json.dumps(clean, indent=2, ensure_ascii=False))
        return 0
    from nlp.model.card import metrics_table

    click.echo(f"model {metrics['model_version']}")
    click.echo(metrics_table({k: v for k, v in metrics.items() if k.split("_")[0] in {"all", "es", "en", "pt", "und"}
                              and not k.startswith("indicator/")}))
    for level in ("high", "medium"):
        click.echo(f"{level} (>= {metrics[f'{level}_threshold']}): precision {metrics[f'{level}_precision']:.3f} "
                   f"recall {metrics[f'{level}_recall']:.3f} (as sampled)")
    for kind in ("chat", "posting"):
        if f"all_kind_{kind}_p2_pr_auc" in metrics:
            click.echo(f"kind {kind}: {metrics[f'all_kind_{kind}_n_pos']} deceptive vs "
                       f"{metrics[f'all_kind_{kind}_n_neg']} legitimate, PR-AUC@2% "
                       f"{metrics[f'all_kind_{kind}_p2_pr_auc']:.3f}, ROC-AUC {metrics[f'all_kind_{kind}_roc_auc']:.3f}")
    sources = sorted({k.split("/")[1] for k in metrics if k.startswith("source/")})
    if len(sources) > 1:
        click.echo("per source (rows, deceptive, mean score, >= medium, >= high):")
        for src in sources:
            g = lambda k: metrics[f"source/{src}/{k}"]  # noqa: E731
            click.echo(f"  {src}: {g('n')}, {g('deceptive')}, {g('mean_score'):.3f}, {g('at_medium'):.1%}, "
                       f"{g('at_high'):.1%}")
    rates = {k.split("/", 1)[1]: v for k, v in metrics.items() if k.startswith("fire_rate/") and not math.isnan(v)}
    if rates:
        top = sorted(rates.items(), key=lambda kv: -kv[1])[:5]
        click.echo("indicators firing most on legitimate rows: " + ", ".join(f"{n} {r:.1%}" for n, r in top))
    if "loso/real_p2_pr_auc" in metrics:
        click.echo(f"model's leave-one-source-out on real text (at training): PR-AUC@2% "
                   f"{metrics['loso/real_p2_pr_auc']:.3f} (stand-in {metrics.get('loso/standin_p2_pr_auc', float('nan')):.3f}),"
                   f" ROC-AUC {metrics['loso/real_roc_auc']:.3f}")
    if "indicator/micro/f1" in metrics:
        click.echo(f"indicators: micro F1 {metrics['indicator/micro/f1']:.3f}, macro F1 {metrics['indicator/macro/f1']:.3f}")
    return 0


commands = [train, evaluate]
