"""Benchmark: the monitor's language check (cityportal.monitor.pipeline.language) on real
Vietnamese and on hand-written other languages: what it gets wrong, and how fast it is.

    .venv/bin/python bench/language.py [--data ../shared/data]      # the shipped rule
    git show REV:cityportal/monitor/pipeline/language.py > /tmp/old.py
    .venv/bin/python bench/language.py --against /tmp/old.py        # and an older rule beside it

Vietnamese: the dev splits of UIT-VSFC (sents), ViHSD, UIT-VSMEC (valid) and VLSP 2016 (dev),
read in place from ../shared/data, in three forms: as written; with every diacritic stripped
(`core.text.fold`, as typed on a keyboard without Vietnamese input); and the texts under six
words, as written and stripped. Each text goes through `normalise.for_models` first, as in the
pipeline. Counted: "other" (the pipeline drops the text as not Vietnamese) and "" (dropped as
too short to tell). Other languages: the sentences of cityportal/monitor/tests/languages.py,
counted when read as "vi" (wrongly counted) or "" (dropped, as too short). Speed: texts/s of
`detect` alone, in CPU time (the machine is shared), over the UIT-VSFC and ViHSD dev texts as
written, then stripped, on one core; the rules take turns five times, each turn from cold (no
word remembered from the turn before).
"""

import argparse
import csv
import importlib.util
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def vietnamese(data: Path) -> list[str]:
    from cityportal.nlp import datasets

    texts = [t for t, _ in datasets.read_vsfc(data / "sentiment" / "uit-vsfc" / "dev")]
    texts += [t for t, _ in datasets.read_vihsd(data / "toxicity" / "vihsd" / "dev.csv")]
    with open(data / "emotion" / "uit-vsmec" / "valid_nor_811.csv", encoding="utf-8") as f:
        texts += [row["Sentence"] for row in csv.DictReader(f)]
    texts += [t for t, _ in datasets.read_vlsp(data / "sentiment" / "vlsp2016" / "SA-2016.dev.tsv")]
    return [t for t in texts if t.strip()]


def load_rule(path: Path):
    spec = importlib.util.spec_from_file_location(f"rule_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.detect


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--against", type=Path, help="an older language.py to run beside")
    parser.add_argument("--show", type=int, default=0, help="print N misread texts per form")
    args = parser.parse_args()
    setup()
    from cityportal.core.text import fold
    from cityportal.monitor.pipeline import language, normalise
    from cityportal.monitor.tests import languages as samples

    rules = {"shipped": language.detect}
    if args.against:
        rules = {"before": load_rule(args.against), "after": language.detect}
    raw = vietnamese(args.data)
    written = [normalise.for_models(t) for t in raw]
    stripped = [normalise.for_models(fold(t)) for t in raw]
    short = [i for i, t in enumerate(raw) if len(t.split()) < 6]
    forms = {
        "as written": written,
        "stripped": stripped,
        "under 6 words, as written": [written[i] for i in short],
        "under 6 words, stripped": [stripped[i] for i in short],
    }
    others = {
        "English": samples.ENGLISH,
        "Indonesian/Malay": samples.INDONESIAN_MALAY,
        "Tagalog": samples.TAGALOG,
        "Chinese": samples.CHINESE,
    }
    names = list(rules)
    print(f"Vietnamese dev texts: {len(raw)}; 'other' / '' (too short) per rule")
    print("| form | texts | " + " | ".join(names) + " |")
    for form, texts in forms.items():
        cells = []
        for name in names:
            got = [rules[name](t) for t in texts]
            cells.append(f"{got.count('other')} / {got.count('')}")
        if args.show:  # what the last rule misreads
            misread = [t for t, label in zip(texts, got, strict=True) if label == "other"]
            for text in misread[: args.show]:
                print("   ", repr(text[:120]))
        print(f"| {form} | {len(texts)} | " + " | ".join(cells) + " |")
    print("\nOther languages: 'vi' / '' (too short) per rule")
    for lang, texts in others.items():
        pipeline_texts = [normalise.for_models(t) for t in texts]
        cells = []
        for name in names:
            got = [rules[name](t) for t in pipeline_texts]
            cells.append(f"{got.count('vi')} / {got.count('')}")
        print(f"| {lang} | {len(texts)} | " + " | ".join(cells) + " |")

    dev = 1583 + 2672  # the UIT-VSFC and ViHSD texts, which come first
    for form, timed in (("as written", written[:dev]), ("stripped", stripped[:dev])):
        speed = {name: [] for name in names}
        for _ in range(5):
            for name in names:
                detect = rules[name]
                for cached in getattr(detect, "__globals__", {}).values():
                    if hasattr(cached, "cache_clear"):  # each turn from cold
                        cached.cache_clear()
                started = time.process_time()
                for t in timed:
                    detect(t)
                speed[name].append(len(timed) / (time.process_time() - started))
        print(f"\nSpeed {form}, texts/s (CPU time) over {len(timed)} texts, five turns")
        for name in names:
            print(f"  {name}: " + ", ".join(f"{s:,.0f}" for s in speed[name]))
        if len(names) == 2:
            ratio = [a / b for a, b in zip(speed[names[1]], speed[names[0]], strict=True)]
            print("  after/before: " + ", ".join(f"×{r:.2f}" for r in ratio))


if __name__ == "__main__":
    main()
