#!/usr/bin/env python3
"""Stratified, seeded split of a text,label CSV into train and validation parts (RFC 4180 in and out).

    split-labelled-csv.py SOURCE.csv TRAIN_OUT.csv VALIDATION_OUT.csv [--share 0.2] [--seed 13]

Every label keeps at least one training row; the split depends only on the file and the seed."""
import argparse
import csv
import random
from collections import defaultdict

parser = argparse.ArgumentParser()
parser.add_argument("source")
parser.add_argument("train_out")
parser.add_argument("validation_out")
parser.add_argument("--share", type=float, default=0.2)
parser.add_argument("--seed", type=int, default=13)
args = parser.parse_args()

with open(args.source, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))

by_label = defaultdict(list)
for index, row in enumerate(rows):
    by_label[row["label"]].append(index)

rng = random.Random(args.seed)
validation = set()
for label in sorted(by_label):
    members = by_label[label]
    rng.shuffle(members)
    take = min(len(members) - 1, round(len(members) * args.share))
    validation.update(members[:take])

for path, keep in ((args.train_out, lambda i: i not in validation), (args.validation_out, lambda i: i in validation)):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(["text", "label"])
        for index, row in enumerate(rows):
            if keep(index):
                writer.writerow([row["text"], row["label"]])
