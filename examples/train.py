"""Trains a softmax (multinomial logistic) regression by SGD on data/train.csv.

Settings come from the environment: LR (learning rate, default 0.1) and EPOCHS (default 10).
A Trainyard sweep passes its parameters as PARAM_LR and PARAM_EPOCHS, which win over those.

Every epoch it prints `epoch 3/10 loss=0.4100 acc=0.8800` and, when TRAINYARD_METRICS_FILE
is set, appends {"step": 3, "loss": ..., "accuracy": ...} to that file as one JSON line.
The model goes to outputs/model.json, and also to $TRAINYARD_OUTPUT_DIR/model.json when set.
"""
import json
import math
import os
import random
import time

from common import MODEL_PATH, accuracy, load_csv, softmax, write_json


def setting(name, default, cast):
    raw = os.environ.get(f"PARAM_{name}") or os.environ.get(name) or default
    try:
        return cast(raw)
    except ValueError:
        raise SystemExit(f"train.py: {name} must be a number, got {raw!r}")


def main():
    lr = setting("LR", "0.1", float)
    epochs = setting("EPOCHS", "10", int)
    # Seconds to pause after each epoch, to watch a run live; 0 by default.
    delay = setting("EPOCH_DELAY", "0", float)
    metrics_file = os.environ.get("TRAINYARD_METRICS_FILE")

    xs, ys = load_csv(os.path.join("data", "train.csv"))
    n_features, classes = len(xs[0]), sorted(set(ys))
    mean = [sum(x[j] for x in xs) / len(xs) for j in range(n_features)]
    std = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / len(xs)) or 1.0 for j in range(n_features)]
    data = [([(v - m) / s for v, m, s in zip(x, mean, std)], y) for x, y in zip(xs, ys)]

    rng = random.Random(0)
    weights = [[0.0] * n_features for _ in classes]
    bias = [0.0 for _ in classes]
    model = {"classes": classes, "weights": weights, "bias": bias, "mean": mean, "std": std}
    print(f"training on {len(data)} rows, {n_features} features, {len(classes)} classes: lr={lr} epochs={epochs}", flush=True)

    for epoch in range(1, epochs + 1):
        rng.shuffle(data)
        total = 0.0
        for x, y in data:
            p = softmax([b + sum(w * v for w, v in zip(ws, x)) for ws, b in zip(weights, bias)])
            total -= math.log(max(p[y], 1e-12))
            for k in range(len(classes)):
                g = p[k] - (1.0 if k == y else 0.0)
                row = weights[k]
                for j in range(n_features):
                    row[j] -= lr * g * x[j]
                bias[k] -= lr * g
        loss = total / len(data)
        acc = accuracy(model, xs, ys)
        print(f"epoch {epoch}/{epochs} loss={loss:.4f} acc={acc:.4f}", flush=True)
        if metrics_file:
            with open(metrics_file, "a") as f:
                f.write(json.dumps({"step": epoch, "loss": round(loss, 6), "accuracy": round(acc, 6)}) + "\n")
        if delay > 0:
            time.sleep(delay)

    model.update({"lr": lr, "epochs": epochs, "train_accuracy": acc})
    write_json(MODEL_PATH, model)
    out_dir = os.environ.get("TRAINYARD_OUTPUT_DIR")
    if out_dir:
        write_json(os.path.join(out_dir, "model.json"), model)
    print(f"saved {MODEL_PATH}" + (f" and {os.path.join(out_dir, 'model.json')}" if out_dir else ""), flush=True)


if __name__ == "__main__":
    main()
