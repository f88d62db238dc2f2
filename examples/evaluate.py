"""Measures outputs/model.json on data/test.csv; writes outputs/eval.json.

Exits 1 with a message when there is no model yet. When TRAINYARD_METRICS_FILE is set, the
test accuracy is also appended there as a JSON line.
"""
import json
import os

from common import accuracy, load_csv, load_model, write_json


def main():
    model = load_model()
    xs, ys = load_csv(os.path.join("data", "test.csv"))
    acc = accuracy(model, xs, ys)
    result = {"accuracy": round(acc, 6), "rows": len(ys), "lr": model.get("lr"), "epochs": model.get("epochs")}
    write_json(os.path.join("outputs", "eval.json"), result)
    metrics_file = os.environ.get("TRAINYARD_METRICS_FILE")
    if metrics_file:
        with open(metrics_file, "a") as f:
            f.write(json.dumps({"step": 0, "test_accuracy": round(acc, 6)}) + "\n")
    print(f"test accuracy {acc:.4f} on {len(ys)} rows; wrote outputs/eval.json", flush=True)


if __name__ == "__main__":
    main()
