"""A FastAPI service that serves its own model and sends every prediction to Tidemark.

Tidemark then watches the model (drift, data quality, outcomes, performance, alerts) although it
never runs it. Predictions are buffered in memory and posted in batches to
POST /api/v1/models/<name>/predictions by a background task, so a slow or unreachable Tidemark
never slows the service down.

Run it:
    TIDEMARK_URL=http://localhost:3000 TIDEMARK_KEY=tm_... TIDEMARK_MODEL=fraud \
        python3 -m uvicorn fastapi_app:app --app-dir docs/recipes --port 8000

Needs only FastAPI and uvicorn (Debian: apt-get install python3-fastapi python3-uvicorn); the
posting uses the standard library. The file is not called fastapi.py: that name would shadow the
fastapi package it imports.
"""

import asyncio
import contextlib
import json
import logging
import math
import os
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

from fastapi import FastAPI
from pydantic import BaseModel

TIDEMARK_URL = os.environ.get("TIDEMARK_URL", "http://localhost:3000").rstrip("/")
TIDEMARK_KEY = os.environ["TIDEMARK_KEY"]  # an API key with the `ingest` scope
TIDEMARK_MODEL = os.environ.get("TIDEMARK_MODEL", "fraud")
FLUSH_SECONDS = float(os.environ.get("FLUSH_SECONDS", "5"))
BATCH_SIZE = int(os.environ.get("BATCH_SIZE", "1000"))  # Tidemark takes up to 10,000 per request
MAX_BUFFER = int(os.environ.get("MAX_BUFFER", "100000"))  # beyond it, the oldest are dropped

log = logging.getLogger("tidemark-recipe")


# --- Your model. Replace with your own (scikit-learn, XGBoost, PyTorch, ...). ------------------
class Features(BaseModel):
    amount: float
    country: str
    is_new: bool | None = None


def predict_proba(f: Features) -> float:
    """Probability of the positive class ("fraud"): a fixed logistic model, for the example."""
    onehot = {"US": 0.2, "DE": -0.4, "FR": 0.9}.get(f.country, 0.0)
    z = 1.5 * (f.amount - 50) / 25 + onehot + 1.1 * (1 if f.is_new else 0) - 0.5
    return 1 / (1 + math.exp(-z))


# --- Sending predictions to Tidemark. ----------------------------------------------------------
buffer: list[dict] = []
wake = asyncio.Event()


def post_batch(records: list[dict]) -> dict:
    """One POST; raises on a network error or a 5xx, so the batch is kept and sent again."""
    request = urllib.request.Request(
        f"{TIDEMARK_URL}/api/v1/models/{TIDEMARK_MODEL}/predictions",
        data=json.dumps({"records": records}).encode(),
        headers={"Authorization": f"Bearer {TIDEMARK_KEY}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


async def flush() -> None:
    while buffer:
        batch = buffer[:BATCH_SIZE]
        try:
            answer = await asyncio.to_thread(post_batch, batch)
        except urllib.error.HTTPError as error:
            if error.code < 500 and error.code != 429:
                # The request as a whole was refused (bad key, unknown model): retrying cannot help.
                log.error("Tidemark refused %d predictions: %s", len(batch), error.read()[:500])
                del buffer[: len(batch)]
                continue
            log.warning("Tidemark answered %d; keeping %d predictions for the next flush", error.code, len(buffer))
            return
        except OSError as error:
            log.warning("Tidemark unreachable (%s); keeping %d predictions for the next flush", error, len(buffer))
            return
        del buffer[: len(batch)]
        # Each record is stored, a duplicate (already sent: retries are safe), or rejected with the reason.
        for item in answer["items"]:
            if item["status"] == "rejected":
                log.error("Tidemark rejected a prediction: %s", item["error"])


async def flusher() -> None:
    while True:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(wake.wait(), FLUSH_SECONDS)
        wake.clear()
        await flush()


app = FastAPI()
flusher_task: asyncio.Task | None = None


# on_event rather than a lifespan handler: Debian 12's FastAPI (0.92) predates `lifespan=`.
@app.on_event("startup")
async def start_flusher() -> None:
    global flusher_task
    flusher_task = asyncio.create_task(flusher())


@app.on_event("shutdown")
async def flush_on_shutdown() -> None:
    if flusher_task:
        flusher_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flusher_task
    await flush()  # what is still buffered goes out before the process exits


@app.post("/predict")
async def predict(features: Features, entity_id: str | None = None):
    p = predict_proba(features)
    # The id goes back to the caller, who can later send the true label to Tidemark's
    # POST /api/v1/outcomes with it. A retried flush reuses it, so Tidemark stores it once.
    prediction_id = str(uuid.uuid4())
    record = {
        "predictionId": prediction_id,
        "features": features.dict(),
        "output": {"probabilities": {"legit": 1 - p, "fraud": p}},
        "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
    }
    if entity_id:
        record["entityId"] = entity_id
    buffer.append(record)
    if len(buffer) > MAX_BUFFER:
        del buffer[: len(buffer) - MAX_BUFFER]
    if len(buffer) >= BATCH_SIZE:
        wake.set()
    return {"predictionId": prediction_id, "probability": p, "at": time.time()}


@app.get("/healthz")
async def healthz():
    return {"buffered": len(buffer)}
