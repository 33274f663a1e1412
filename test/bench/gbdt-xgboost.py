#!/usr/bin/env python3
"""XGBoost side of test/bench/gbdt-bench.ts.

Reads the float32 matrices the TypeScript bench wrote (train/valid, NaN = missing), trains
XGBoost's `hist` method with the same depth, learning rate, rounds, bins and regularisation, and
writes the validation predictions and the training time (DMatrix construction, i.e. quantile
sketching and binning, included, as the TypeScript side's time includes its binning) to JSON.

XGBoost's cut points come from a quantile sketch whose result depends on the order of the rows,
and on data with step discontinuities the validation metric moves by several per cent with
them (measured: RMSE 0.769–0.840 for the same synthetic regression table in three row orders).
So besides the timed runs, the model is refitted on `orderings` seeded permutations of the
training rows (quality only, not timed) and every validation prediction is written out.

With meta.json's "earlyStopping" set (the small regression tables), it instead trains as the
pipeline does: up to numRounds rounds, stopping after earlyStoppingRounds rounds without a lower
validation RMSE (y_valid.f32), and predicts X_test.f32 with the best round's trees — once with the
bench's parameters and once with XGBoost's own defaults (eta 0.3, base_score 0.5 in 1.7).

Usage: python3 gbdt-xgboost.py DIR   (DIR holds meta.json, X_train.f32, y_train.f32, X_valid.f32)
Needs Debian's python3-xgboost (apt-get install -y python3-xgboost).
"""
import json
import os
import sys
import time

import numpy as np
import xgboost as xgb


def main(directory: str) -> None:
    with open(os.path.join(directory, "meta.json")) as f:
        meta = json.load(f)
    d = meta["numFeatures"]

    def load(name: str) -> np.ndarray:
        return np.fromfile(os.path.join(directory, name), dtype="<f4")

    X_train = load("X_train.f32").reshape(-1, d)
    y_train = load("y_train.f32")
    X_valid = load("X_valid.f32").reshape(-1, d)
    p = meta["params"]
    params = {
        "tree_method": "hist",
        "max_depth": p["maxDepth"],
        "eta": p["learningRate"],
        "max_bin": p["maxBins"],
        "lambda": p["lambda"],
        "min_child_weight": p["minChildWeight"],
        "gamma": 0,
        "subsample": 1,
        "colsample_bytree": 1,
        "seed": 0,
    }
    if meta.get("earlyStopping"):
        early_stopping(directory, meta, params, X_train, y_train, X_valid, load("y_valid.f32"), load("X_test.f32").reshape(-1, d))
        return
    task = meta["task"]
    if task == "binary":
        params["objective"] = "binary:logistic"
    elif task == "multiclass":
        params["objective"] = "multi:softprob"
        params["num_class"] = meta["numClasses"]
    else:
        params["objective"] = "reg:squarederror"

    results = {"xgboostVersion": xgb.__version__, "runs": []}
    for nthread in meta["threads"]:
        params["nthread"] = nthread
        seconds = []
        cpu_seconds = []
        booster = None
        for _ in range(meta["repeats"]):
            start = time.perf_counter()
            cpu_start = time.process_time()
            dtrain = xgb.DMatrix(X_train, label=y_train, missing=np.nan, nthread=nthread)
            booster = xgb.train(params, dtrain, num_boost_round=p["numRounds"])
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu_start)
        predictions = booster.predict(xgb.DMatrix(X_valid, missing=np.nan, nthread=nthread))
        out = f"pred_valid_{nthread}.f32"
        predictions.astype("<f4").tofile(os.path.join(directory, out))
        results["runs"].append({"threads": nthread, "seconds": seconds, "cpuSeconds": cpu_seconds, "predictions": out})
    params["nthread"] = meta["threads"][-1]
    results["orderings"] = []
    for seed in range(1, meta["orderings"] + 1):
        order = np.random.RandomState(seed).permutation(len(y_train))
        dtrain = xgb.DMatrix(X_train[order], label=y_train[order], missing=np.nan)
        booster = xgb.train(params, dtrain, num_boost_round=p["numRounds"])
        out = f"pred_valid_order_{seed}.f32"
        booster.predict(xgb.DMatrix(X_valid, missing=np.nan)).astype("<f4").tofile(os.path.join(directory, out))
        results["orderings"].append(out)
    with open(os.path.join(directory, "xgboost.json"), "w") as f:
        json.dump(results, f)


def early_stopping(directory, meta, params, X_train, y_train, X_valid, y_valid, X_test) -> None:
    params = {**params, "objective": "reg:squarederror", "eval_metric": "rmse", "nthread": 1}
    defaults = {"tree_method": "hist", "objective": "reg:squarederror", "eval_metric": "rmse", "nthread": 1, "seed": 0}
    dtrain = xgb.DMatrix(X_train, label=y_train, missing=np.nan)
    dvalid = xgb.DMatrix(X_valid, label=y_valid, missing=np.nan)
    dtest = xgb.DMatrix(X_test, missing=np.nan)
    results = {"xgboostVersion": xgb.__version__, "fits": []}
    for name, p in (("same", params), ("defaults", defaults)):
        booster = xgb.train(
            p,
            dtrain,
            num_boost_round=meta["params"]["numRounds"],
            evals=[(dvalid, "valid")],
            early_stopping_rounds=meta["params"]["earlyStoppingRounds"],
            verbose_eval=False,
        )
        # xgb.train keeps every round it trained; predict with the best round's trees, as the
        # pipeline keeps its best round.
        out = f"pred_test_{name}.f32"
        booster.predict(dtest, iteration_range=(0, booster.best_iteration + 1)).astype("<f4").tofile(
            os.path.join(directory, out)
        )
        results["fits"].append({"name": name, "bestRound": booster.best_iteration, "predictions": out})
    with open(os.path.join(directory, "xgboost.json"), "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main(sys.argv[1])
