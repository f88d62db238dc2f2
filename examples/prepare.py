"""Generates a small synthetic 3-class dataset: data/train.csv and data/test.csv.

Each class is a Gaussian blob in 4 dimensions. The same seed always gives the same files,
so runs are comparable across machines. Python standard library only.
"""
import csv
import os
import random

SEED = int(os.environ.get("SEED", "7"))
N_TRAIN = 600
N_TEST = 200
FEATURES = 4
CENTERS = [
    [0.0, 0.0, 0.0, 0.0],
    [2.5, 1.0, -1.0, 0.5],
    [-1.0, 2.5, 1.5, -1.5],
]
SPREAD = 1.1


def sample(rng, n):
    rows = []
    for i in range(n):
        label = i % len(CENTERS)
        x = [rng.gauss(c, SPREAD) for c in CENTERS[label]]
        rows.append(x + [label])
    rng.shuffle(rows)
    return rows


def write(path, rows):
    # Write then rename, so a reader (or a parallel run) never sees half a file.
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"x{i}" for i in range(FEATURES)] + ["label"])
        for r in rows:
            w.writerow([f"{v:.6f}" for v in r[:-1]] + [r[-1]])
    os.replace(tmp, path)


def main():
    rng = random.Random(SEED)
    os.makedirs("data", exist_ok=True)
    train, test = sample(rng, N_TRAIN), sample(rng, N_TEST)
    write(os.path.join("data", "train.csv"), train)
    write(os.path.join("data", "test.csv"), test)
    print(f"wrote data/train.csv ({len(train)} rows) and data/test.csv ({len(test)} rows), seed {SEED}", flush=True)


if __name__ == "__main__":
    main()
