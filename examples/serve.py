"""Serves outputs/model.json over HTTP.

GET  /health   -> 200 "ok"
POST /predict  {"x": [x0, x1, x2, x3]} -> {"label": 1, "probabilities": [...]}

Listens on PORT (default 8080) and HOST (default 0.0.0.0).
"""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from common import load_model, scores


class Handler(BaseHTTPRequestHandler):
    model = None

    def send(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            self.send(200, "ok", "text/plain")
        else:
            self.send(404, {"error": f"no route GET {self.path}"})

    def do_POST(self):
        if self.path != "/predict":
            self.send(404, {"error": f"no route POST {self.path}"})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            x = json.loads(self.rfile.read(length) or b"null")["x"]
            n = len(self.model["mean"])
            if not isinstance(x, list) or len(x) != n or not all(isinstance(v, (int, float)) for v in x):
                raise ValueError(f"x must be a list of {n} numbers")
        except (ValueError, KeyError, TypeError) as e:
            self.send(400, {"error": f"expected JSON like {{\"x\": [0.1, 0.2, 0.3, 0.4]}}: {e}"})
            return
        p = scores(self.model, x)
        label = max(range(len(p)), key=p.__getitem__)
        self.send(200, {"label": self.model["classes"][label], "probabilities": [round(v, 6) for v in p]})

    def log_message(self, fmt, *args):
        print(f"{self.address_string()} {fmt % args}", flush=True)


def main():
    Handler.model = load_model()
    host = os.environ.get("HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "8080"))
    server = ThreadingHTTPServer((host, port), Handler)
    print(f"serving outputs/model.json on http://{host}:{port} (GET /health, POST /predict)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
