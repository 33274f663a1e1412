"""The anchor of the predict benchmark: the stack Tidemark's seed described, FastAPI + uvicorn with
one INSERT per request. It computes the fixture fraud model (test/helpers/fixtures.ts) in plain
arithmetic and stores each prediction in Postgres before answering, as durable logging does.

Run by test/bench/predict-bench.ts with DATABASE_URL set; needs Debian's python3-fastapi,
python3-uvicorn and python3-psycopg2.
"""

import json
import math
import os
import uuid

import psycopg2.pool
from fastapi import FastAPI, HTTPException

app = FastAPI()
# As many connections as FastAPI has worker threads (anyio's default, 40), so none waits for a pool slot.
pool = psycopg2.pool.ThreadedConnectionPool(1, 40, os.environ["DATABASE_URL"])

with pool.getconn() as setup_connection:
    with setup_connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS fastapi_predictions (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), features jsonb NOT NULL, output jsonb NOT NULL)"
        )
    setup_connection.commit()
pool.putconn(setup_connection)

COUNTRIES = ["US", "DE", "FR"]
COUNTRY_WEIGHTS = [0.2, -0.4, 0.9]


def fraud_probability(record):
    amount = record.get("amount")
    a = ((50.0 if amount is None else float(amount)) - 50.0) / 25.0
    country = sum(w for c, w in zip(COUNTRIES, COUNTRY_WEIGHTS) if c == record.get("country"))
    z = 1.5 * a + country + 1.1 * (1.0 if record.get("is_new") else 0.0) - 0.5
    return 1.0 / (1.0 + math.exp(-z))


@app.get("/health")
def health():
    return {"ok": True}


# A plain `def`: FastAPI runs it in its thread pool, so the blocking INSERT does not stall the loop.
@app.post("/api/v1/models/{name}/predict")
def predict(name: str, body: dict):
    inputs = body.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        raise HTTPException(status_code=422, detail="inputs must be a non-empty array")
    predictions = []
    connection = pool.getconn()
    try:
        with connection.cursor() as cursor:
            for record in inputs:
                p = fraud_probability(record)
                output = {"label": "fraud" if p >= 0.5 else "legit", "probabilities": {"legit": 1 - p, "fraud": p}}
                prediction_id = str(uuid.uuid4())
                cursor.execute(
                    "INSERT INTO fastapi_predictions (id, features, output) VALUES (%s, %s, %s)",
                    (prediction_id, json.dumps(record), json.dumps(output)),
                )
                predictions.append({"predictionId": prediction_id, **output})
        connection.commit()
    finally:
        pool.putconn(connection)
    return {"model": name, "predictions": predictions}
