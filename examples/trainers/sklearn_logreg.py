#!/usr/bin/env python3
"""Non-DP baseline for dpaudit's external-trainer protocol: scikit-learn logistic regression, the model a
clinical team would otherwise ship.

Usage:  dpaudit train --arm nondp --trainer "python3 examples/trainers/sklearn_logreg.py"
        dpaudit attack --arm nondp --trainer "python3 examples/trainers/sklearn_logreg.py"

It trains each model on its rows with L-BFGS on the full batch (no sampling, no clipping, no noise) and
refuses the cliponly and dp modes: it offers no differential privacy. Its report says honestly what it
ran (full-batch, no steps of the plan), so dpaudit's plan-conformance check shows how it differs from the
planned DP-SGD mechanism. Needs Debian's python3-sklearn and numpy.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression


def main():
    job = json.load(open(sys.argv[1]))
    mode = job["privacy"]["mode"]
    if mode != "nondp":
        print(
            f"sklearn_logreg: refusing job {job['jobId']}: mode {mode!r} needs a differentially private trainer; "
            "this baseline trains without clipping or noise (use it with --arm nondp, or use torch_dpsgd.py)",
            file=sys.stderr,
        )
        sys.exit(2)
    if job["data"]["features"] is None:
        print("sklearn_logreg: needs dpaudit's feature matrix (not --features none)", file=sys.stderr)
        sys.exit(2)
    X = np.load(job["data"]["features"])
    y = np.load(job["data"]["labels"]).astype(int)
    score = np.load(job["scoreRows"])
    logits = np.zeros((len(job["models"]), len(score)), dtype="<f4")
    report = {"library": f"scikit-learn {sklearn.__version__}", "models": [], "notes": ["full-batch L-BFGS, no DP"]}
    for m in job["models"]:
        rows = np.load(m["trainRows"])
        clf = LogisticRegression(max_iter=2000, random_state=m["seed"] % (2**31))
        if len(np.unique(y[rows])) < 2:
            # One class only: a constant model (log-odds of the training rate, clipped).
            p = min(max(y[rows].mean() if len(rows) else 0.5, 1e-6), 1 - 1e-6)
            logits[m["index"]] = np.log(p / (1 - p))
            iters = 0
        else:
            clf.fit(X[rows], y[rows])
            logits[m["index"]] = clf.decision_function(X[score])
            iters = int(np.max(clf.n_iter_))
        report["models"].append(
            {
                "index": m["index"],
                "steps": iters,
                "sampling": "full-batch",
                "noiseMultiplier": 0.0,
                "maxGradNorm": None,
                "sampleRate": 1.0,
                "optimizerSteps": iters,
                "meanBatchSize": float(len(rows)),
            }
        )
    np.save(job["outputs"]["logits"], logits)
    with open(job["outputs"]["report"], "w") as f:
        json.dump(report, f, indent=2)
    print(f"sklearn_logreg: {len(job['models'])} model(s)")


if __name__ == "__main__":
    main()
