"""Helpers shared by train.py, evaluate.py and serve.py (standard library only)."""
import csv
import json
import math
import os
import sys

MODEL_PATH = os.path.join("outputs", "model.json")


def fail(message):
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def load_csv(path):
    if not os.path.exists(path):
        fail(f"no data at {path}; run `python3 prepare.py` first")
    xs, ys = [], []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            xs.append([float(v) for v in row[:-1]])
            ys.append(int(row[-1]))
    return xs, ys


def write_json(path, value):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def load_model(path=MODEL_PATH):
    if not os.path.exists(path):
        fail(f"no model at {path}; train one first with `python3 train.py` "
             "(or `trainyard run train.trainyard.yaml`)")
    with open(path) as f:
        return json.load(f)


def standardize(x, mean, std):
    return [(v - m) / s for v, m, s in zip(x, mean, std)]


def softmax(z):
    top = max(z)
    e = [math.exp(v - top) for v in z]
    total = sum(e)
    return [v / total for v in e]


def scores(model, x):
    """Class probabilities for one raw (unstandardized) feature vector."""
    x = standardize(x, model["mean"], model["std"])
    z = [b + sum(w * v for w, v in zip(ws, x)) for ws, b in zip(model["weights"], model["bias"])]
    return softmax(z)


def predict(model, x):
    p = scores(model, x)
    return max(range(len(p)), key=p.__getitem__)


def accuracy(model, xs, ys):
    return sum(predict(model, x) == y for x, y in zip(xs, ys)) / len(ys)
