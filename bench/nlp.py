"""Benchmark: the NLP models of issue 7 (cityportal.nlp), quality on dev and speed on one core.

    make bench-nlp
    .venv/bin/python bench/nlp.py [--data ../shared/data] [--texts 4000]

1. Dev-set scores of the shipped models beside issue 7's targets: UIT-VSFC sentiment weighted-
   and macro-F1, VLSP 2016 macro-F1 (its dev + dev_test files, whose rows training leaves out),
   ViHSD toxicity macro-F1, VNTC topic accuracy (the stratified dev split cut from train, seed
   fixed in cityportal.nlp.datasets). The corpora are read in place from ../shared/data. Then
   sentiment on `bench/civic_sentiment.tsv`: 42 citizens' posts written for this bench
   (questions, announcements, negated praise, complaints), none of the corpora's domains, and
   on `bench/civic_heldout.tsv`: 150 HCMC posts written blind to the lexicon and that probe
   (read at every change since, so a selection set now), `bench/civic_heldout2.tsv`: 180 more,
   written blind to all of those (its errors were read to choose the lexicon's 2026-11-29
   additions, so a selection set too), and `bench/civic_heldout3.tsv`: 240, written blind to
   all of those and to the lexicon, the civic figure to trust. Each line says how many posts
   the model reads as negative against how many are: the share a leader's brief reports. Then
   topic on short news (`short_news`): VNTC dev cut to 30 words, and tc201805's 2018 headlines
   and sapos of the sections that map to VNTC's, each also as typed without diacritics.
2. Throughput of `nlp.classify` for each task, of the monitor's classify stage (all three tasks
   in one `nlp.classify_many` call, sentiment and toxicity on the lead of a long text) and of
   `tokenize.words`, in texts per second, on one core (pinned, BLAS and OpenMP threads set to 1
   before numpy loads), batches of 500, after a warm-up: short texts are UIT-VSFC dev sentences
   and ViHSD dev comments, news are VNTC dev documents (about 2,200 characters each).
"""

import argparse
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"
if hasattr(os, "sched_setaffinity"):  # and the process on one core
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

ROOT = Path(__file__).resolve().parent.parent
TARGETS = [  # (dev set, figure, target)
    ("uit-vsfc", "weighted_f1", 0.93),
    ("uit-vsfc", "macro_f1", 0.80),
    ("vlsp2016", "macro_f1", 0.75),
    ("vihsd", "macro_f1", 0.68),
    ("vntc", "accuracy", 0.95),
]
TASK_OF = {"uit-vsfc": "sentiment", "vlsp2016": "sentiment", "vihsd": "toxicity", "vntc": "topic"}
# tc201805 (baomoi.com 2018, headline and sapo) sections that plainly are one of VNTC's: 15 of 25.
# None is Chinh tri Xa hoi or The gioi; "Chính trị và Pháp luật" is two of VNTC's, read apart.
TC201805_SECTIONS = {
    "Thể Thao - Thể thao đồng đội - Bóng Đá": "The thao",
    "Thể thao - Thể thao đối kháng": "The thao",
    "Máy vi tính và Đồ điện tử - Mạng máy tính và Viễn thông": "Vi tinh",
    "Máy vi tính và Đồ điện tử": "Vi tinh",
    "Mạng máy tính và Viễn thông": "Vi tinh",
    "Sức khoẻ": "Suc khoe",
    "Làm đẹp và Thể hình - Sức khỏe": "Suc khoe",
    "Kinh doanh và Công nghiệp": "Kinh doanh",
    "Tài chính": "Kinh doanh",
    "Tài chính - Đầu tư - Cổ phiếu và trái phiếu": "Kinh doanh",
    "Bất động sản": "Kinh doanh",
    "Khoa học": "Khoa hoc",
    "Khoa học - Sinh thái & Môi trường": "Khoa hoc",
    "Con người & Xã hội - Gia đình & mối quan hệ - Hôn nhân": "Doi song",
    "Con người & Xã hội - Khoa học xã hội - Văn hoá": "Van hoa",
}


def short_news(data: Path, vntc_dev) -> list[str]:
    """Topic on short news, which the monitor mostly reads: VNTC's dev articles cut to their
    first 30 words, and tc201805's headlines with their sapo (2018; never used in training);
    and on whole articles typed without diacritics, as a citizen's long post may be."""
    import gzip
    import json

    from cityportal import nlp
    from cityportal.core.text import fold
    from cityportal.nlp.datasets import opening

    def accuracy(rows):
        predicted = nlp.classify("topic", [text for text, _ in rows])
        return sum(p == label for (p, _), (_, label) in zip(predicted, rows, strict=True)) / len(
            rows
        )

    cut = [(opening(text, 30), label) for text, label in vntc_dev]
    lines = [
        f"VNTC dev articles cut to 30 words ({len(cut)}): topic accuracy {accuracy(cut):.3f}, "
        f"typed without diacritics {accuracy([(fold(text), label) for text, label in cut]):.3f}",
        f"VNTC dev whole articles typed without diacritics ({len(vntc_dev)}): topic accuracy "
        f"{accuracy([(fold(text), label) for text, label in vntc_dev]):.3f}",
    ]
    path = data / "news/tc201805/tc201805.jsonl.gz"
    if not path.is_file():
        return lines + [f"tc201805 not read: {path} is missing"]
    with gzip.open(path, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    mapped = [
        (f"{d['title']}\n{d['sapo']}", TC201805_SECTIONS[d["label"]])
        for d in docs
        if d["label"] in TC201805_SECTIONS
    ]
    politics = [
        f"{d['title']}\n{d['sapo']}" for d in docs if d["label"] == "Chính trị và Pháp luật"
    ]
    read = [label for label, _ in nlp.classify("topic", politics)]
    both = sum(label in ("Chinh tri Xa hoi", "Phap luat") for label in read) / len(read)
    return lines + [
        f"tc201805 headlines and sapos of the 15 sections that are one of VNTC's ({len(mapped)}): "
        f"topic accuracy {accuracy(mapped):.3f}, without diacritics "
        f"{accuracy([(fold(text), label) for text, label in mapped]):.3f}",
        f'tc201805 "Chính trị và Pháp luật" ({len(politics)}): read as Chinh tri Xa hoi or Phap '
        f"luat {both:.3f}",
    ]


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def rate(fn, texts, batch=500) -> float:
    fn(texts[:20])  # load the model and warm the caches outside the timing
    started = time.perf_counter()
    for i in range(0, len(texts), batch):
        fn(texts[i : i + batch])
    return len(texts) / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--texts", type=int, default=4000, help="texts per throughput run")
    args = parser.parse_args()
    setup()
    from cityportal import nlp
    from cityportal.monitor.pipeline import classify as stage
    from cityportal.nlp import datasets, tokenize
    from cityportal.nlp.training import score

    if not args.data.is_dir():
        sys.exit(f"bench-nlp: {args.data} is missing; it needs ../shared/data (see its README.md).")
    try:
        devs = {task: datasets.load(task, args.data).dev for task in ("sentiment", "toxicity")}
        devs["topic"] = {"vntc": datasets.vntc_split(args.data)[1]}  # not the labelled short rows
    except datasets.DataMissing as error:
        sys.exit(f"bench-nlp: training data not found: {error}")

    print("Dev-set scores of the shipped models (cityportal/nlp/models/)\n")
    print("| dev set | task | figure | score | target | met |")
    print("| --- | --- | --- | ---: | ---: | --- |")
    figures = {}
    for name, figure, target in TARGETS:
        if name not in figures:
            rows = devs[TASK_OF[name]][name]
            predicted = [label for label, _ in nlp.classify(TASK_OF[name], [t for t, _ in rows])]
            figures[name], _ = score(TASK_OF[name], [label for _, label in rows], predicted)
        value = figures[name][figure]
        met = "yes" if value >= target else "no"
        print(f"| {name} | {TASK_OF[name]} | {figure} | {value:.3f} | {target:.2f} | {met} |")

    print()
    for title, name in (
        ("Civic probe", "civic_sentiment"),
        ("First civic set (read at each change since)", "civic_heldout"),
        ("Second civic set (read to choose the lexicon's additions)", "civic_heldout2"),
        ("Held-out civic set", "civic_heldout3"),
    ):
        lines = (ROOT / "bench" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        civic = [line.split("\t") for line in lines if line and not line.startswith("#")]
        predicted = [label for label, _ in nlp.classify("sentiment", [text for _, text in civic])]
        probe, _ = score("sentiment", [label for label, _ in civic], predicted)
        print(
            f"{title} (bench/{name}.tsv, {len(civic)} posts): sentiment macro-F1 "
            f"{probe['macro_f1']:.3f}, accuracy {probe['accuracy']:.3f}, "
            f"read negative {predicted.count('negative') / len(civic):.0%} "
            f"(truly {[label for label, _ in civic].count('negative') / len(civic):.0%})"
        )

    print()
    for line in short_news(args.data, devs["topic"]["vntc"]):
        print(line)

    short = [t for t, _ in devs["sentiment"]["uit-vsfc"]]
    short += [t for t, _ in devs["toxicity"]["vihsd"]]
    news = [t for t, _ in devs["topic"]["vntc"]]
    n = args.texts
    runs = [
        (task, kind, texts)
        for task in nlp.TASKS
        for kind, texts in (("short", short), ("news", news))
    ]
    print("\nThroughput on one core, texts/s (batches of 500)\n")
    print("| what | short texts | news documents |")
    print("| --- | ---: | ---: |")
    speeds = {}
    for task, kind, texts in runs:
        sample = (texts * (n // len(texts) + 1))[: n if kind == "short" else n // 4]
        speeds[task, kind] = rate(lambda batch, task=task: nlp.classify(task, batch), sample)
    for kind, texts in (("short", short), ("news", news)):
        sample = (texts * (n // len(texts) + 1))[: n if kind == "short" else n // 4]
        speeds["stage", kind] = rate(stage.classify, sample)
        speeds["tokenize.words", kind] = rate(lambda b: [tokenize.words(t) for t in b], sample)
    labels = {task: f"classify {task}" for task in nlp.TASKS}
    labels["stage"] = "monitor classify stage (all three, one classify_many)"
    labels["tokenize.words"] = "tokenize.words"
    for what, label in labels.items():
        print(f"| {label} | {speeds[what, 'short']:,.0f} | {speeds[what, 'news']:,.0f} |")
    print(
        f"\nshort texts: UIT-VSFC + ViHSD dev, mean "
        f"{sum(map(len, short)) / len(short):.0f} characters; news: VNTC dev, mean "
        f"{sum(map(len, news)) / len(news):.0f} characters. cpu: pinned to 1 of "
        f"{os.cpu_count()}.\nReproduce: make bench-nlp  "
        "(or .venv/bin/python bench/nlp.py)"
    )


if __name__ == "__main__":
    main()
