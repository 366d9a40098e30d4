"""Generate a batch of synthetic policy-style PDFs for the benchmark: varied length, one or two columns.

    python benchmarks/generate.py OUT_DIR --n 300

Each document is built from templates filled from small word lists with a seeded random generator, so the
same --n and --seed give the same documents. The text carries what the extractors look for (amounts in USD
and RMB, percentages, technologies, plans, years), so every stage does real work.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

TECH = ["integrated circuits", "quantum computing", "artificial intelligence", "industrial robots",
        "new energy vehicles", "lithography machines", "biomedicine", "aero-engines", "5G networks",
        "advanced materials", "high-end chips", "satellite navigation"]
ACTORS = ["the Ministry of Science and Technology", "the National Development and Reform Commission",
          "the State Council", "provincial governments", "the Big Fund", "state-owned banks",
          "local guidance funds", "the Ministry of Industry and Information Technology"]
PLANS = ["the 14th Five-Year Plan", "Made in China 2025", "the Medium- and Long-Term Plan",
         "the National Key R&D Programs", "the strategic emerging industries plan"]
TEMPLATES = [
    "In {year}, {actor} committed ${usd} billion (RMB {rmb} billion) to {tech}, a rise of {pct} percent on the "
    "year before.",
    "Under {plan}, {actor} named {tech} and {tech2} as priorities and set aside RMB {rmb} billion for them.",
    "Spending on {tech} reached {pct}% of the budget in {year}, while {actor} shifted support toward {tech2}.",
    "Analysts estimate that {actor} spent between ${usd} and ${usd2} billion on {tech} from {year} onwards.",
    "The review of {plan} found that {tech} remained a bottleneck, and that {actor} had met {pct} percent of "
    "its targets.",
    "Few programmes were evaluated after {year}; reports by {actor} rarely separate {tech} from {tech2}.",
]


def paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 7)):
        usd = round(rng.uniform(0.5, 80), 1)
        sentences.append(rng.choice(TEMPLATES).format(
            year=rng.randint(2006, 2024), actor=rng.choice(ACTORS), plan=rng.choice(PLANS),
            tech=rng.choice(TECH), tech2=rng.choice(TECH), usd=usd, usd2=round(usd * rng.uniform(1.2, 3), 1),
            rmb=round(usd * 7.1, 1), pct=round(rng.uniform(1, 60), 1)))
    text = " ".join(sentences)
    return text[0].upper() + text[1:]


def build(path: Path, rng: random.Random) -> None:
    styles = getSampleStyleSheet()
    columns = rng.choice([1, 2])
    w, h = letter
    gap, margin = 18, 54
    col_w = (w - 2 * margin - gap * (columns - 1)) / columns
    frames = [Frame(margin + k * (col_w + gap), margin, col_w, h - 2 * margin, id=f"c{k}") for k in range(columns)]
    doc = BaseDocTemplate(str(path), pagesize=letter, pageTemplates=[PageTemplate(frames=frames)],
                          title=path.stem, invariant=1)
    story = [Paragraph(f"Policy note {path.stem}", styles["Title"])]
    for s in range(rng.randint(2, 5)):
        story.append(Paragraph(f"{s + 1}. {rng.choice(PLANS)[4:].title()} and {rng.choice(TECH)}", styles["Heading2"]))
        story += [Paragraph(paragraph(rng), styles["BodyText"]) for _ in range(rng.randint(2, 6))]
        story.append(Spacer(1, 6))
    doc.build(story)


def generate(out: Path, n: int, seed: int = 7) -> list[Path]:
    """Write `n` documents into `out` and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        path = out / f"generated-{i:04d}.pdf"
        build(path, rng)
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.out, args.n, args.seed)
    print(f"{len(paths)} documents in {args.out}")


if __name__ == "__main__":
    main()
