#!/usr/bin/env python3
"""PyTorch DP-SGD trainer for dpaudit's external-trainer protocol (schemas/trainer-job.schema.json).

Usage (dpaudit runs it):  dpaudit sweep --trainer "python3 examples/trainers/torch_dpsgd.py"

DP-SGD as dpaudit and Opacus run it (docs/methods.md#dp-sgd): Poisson sampling with rate q (each training
row joins a step's batch independently), per-example gradients computed vectorised (torch.func / functorch
vmap(grad); without either, a closed form for dense layers), each clipped to norm C with factor
min(1, C / (||g|| + 1e-6)), summed, Gaussian noise N(0, sigma^2 C^2) added per coordinate, divided by the
expected batch size q * N, then the optimiser step (sgd / momentum / adam, torch.optim). Arms: nondp = mean
gradient of the actual batch (an empty batch skips the step), cliponly = clipping without noise.

Models: the MLP / logistic regression dpaudit configures (training.model, training.hidden) on dpaudit's
feature matrix; in manifest mode (--features none: no feature matrix) a small CNN on images that the
trainer loads itself: the CSV column named by DPAUDIT_IMAGE_COLUMN (default "path") holds, per row, a .npy
file (2-D grayscale or 3-D channels-first array), relative to the CSV's folder.

It reports what it ran; it does not compute its own epsilon (dpaudit's accountant does). Needs Debian's
python3-torch (1.13 with functorch, or torch >= 2 with torch.func) and numpy.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

try:  # torch >= 2.0
    from torch.func import functional_call, grad, vmap

    def per_sample_grads(model, loss_fn, x, y):
        params = {k: v.detach() for k, v in model.named_parameters()}

        def loss_one(p, xi, yi):
            out = functional_call(model, p, (xi.unsqueeze(0),))
            return loss_fn(out.reshape(-1), yi.reshape(-1))

        g = vmap(grad(loss_one), in_dims=(None, 0, 0))(params, x, y)
        return [g[k] for k, _ in model.named_parameters()]

    VECTORISED = "torch.func"
except ImportError:
    try:  # torch 1.13 (Debian bookworm): functorch
        from functorch import grad, make_functional, vmap

        def per_sample_grads(model, loss_fn, x, y):
            fmodel, params = make_functional(model)

            def loss_one(p, xi, yi):
                out = fmodel(p, xi.unsqueeze(0))
                return loss_fn(out.reshape(-1), yi.reshape(-1))

            return list(vmap(grad(loss_one), in_dims=(None, 0, 0))(params, x, y))

        VECTORISED = "functorch"
    except ImportError:
        per_sample_grads = None
        VECTORISED = "closed form (dense layers)"


def dense_per_sample_grads(model, x, y):
    """Per-example gradients of BCE-with-logits for a stack of Linear + ReLU layers, batched (no vmap):
    grad W_i = d_i a_i^T, grad b_i = d_i, with d the backpropagated signal of example i's own loss."""
    linears = [m for m in model.net if isinstance(m, nn.Linear)]
    acts = [x]
    h = x
    for k, lin in enumerate(linears):
        h = lin(h)
        if k < len(linears) - 1:
            h = torch.relu(h)
            acts.append(h)
    d = torch.sigmoid(h) - y.reshape(-1, 1)
    grads = [None] * (2 * len(linears))
    for k in range(len(linears) - 1, -1, -1):
        grads[2 * k] = torch.einsum("bo,bi->boi", d, acts[k])
        grads[2 * k + 1] = d
        if k > 0:
            d = (d @ linears[k].weight) * (acts[k] > 0).float()
    return grads


class Dense(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        sizes = [d, *hidden, 1]
        layers = []
        for i in range(len(sizes) - 1):
            lin = nn.Linear(sizes[i], sizes[i + 1])
            nn.init.xavier_uniform_(lin.weight)  # Glorot uniform, zero bias (as dpaudit)
            nn.init.zeros_(lin.bias)
            layers.append(lin)
            if i < len(sizes) - 2:
                layers.append(nn.ReLU())
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


class SmallCNN(nn.Module):
    """Two 3x3 convolutions, global average pooling, one logit (GroupNorm-free: no batch statistics, so
    per-example gradients are well defined)."""

    def __init__(self, channels):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(channels, 8, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Linear(16, 1),
        )

    def forward(self, x):
        return self.net(x)


def load_manifest_images(job, csv_rows):
    import csv

    column = os.environ.get("DPAUDIT_IMAGE_COLUMN", "path")
    base = os.path.dirname(job["data"]["csv"])
    with open(job["data"]["csv"], newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or column not in rows[0]:
        sys.exit(f"torch_dpsgd: manifest mode needs a column {column!r} of image files in {job['data']['csv']} (DPAUDIT_IMAGE_COLUMN)")
    images = []
    first = None
    for r in csv_rows:
        if r < 0:  # a synthetic row (canary): dpaudit appends copies of pool rows; the trainer cannot see which
            images.append(None)
            continue
        a = np.load(os.path.join(base, rows[r - 1][column])).astype(np.float32)
        if a.ndim == 2:
            a = a[None]
        first = first if first is not None else a
        images.append(a)
    if first is None:
        sys.exit("torch_dpsgd: no image rows")
    blank = np.zeros_like(first)
    return torch.from_numpy(np.stack([blank if a is None else a for a in images]))


def main():
    job = json.load(open(sys.argv[1]))
    torch.set_num_threads(int(os.environ.get("DPAUDIT_TORCH_THREADS", "1")))
    pr, tr = job["privacy"], job["training"]
    if pr["sampling"] != "poisson":
        sys.exit(f"torch_dpsgd: sampling {pr['sampling']!r} is not supported")
    labels = torch.from_numpy(np.load(job["data"]["labels"]).astype(np.float32))
    csv_rows = np.load(job["data"]["csvRows"])
    if job["data"]["features"] is not None:
        X = torch.from_numpy(np.load(job["data"]["features"]).astype(np.float32))
        make = lambda: Dense(X.shape[1], tr["hidden"] if tr["model"] == "mlp" else [])
        kind = f"{tr['model']} {[X.shape[1], *(tr['hidden'] if tr['model'] == 'mlp' else []), 1]}"
    else:
        X = load_manifest_images(job, csv_rows)
        make = lambda: SmallCNN(X.shape[1])
        kind = "small CNN"
        if per_sample_grads is None:
            sys.exit("torch_dpsgd: the CNN needs torch.func (torch >= 2) or functorch for per-example gradients")
    score_rows = torch.from_numpy(np.load(job["scoreRows"]).astype(np.int64))
    loss_fn = nn.BCEWithLogitsLoss(reduction="sum")
    q, T, C, sigma = pr["sampleRate"], pr["steps"], pr["maxGradNorm"], pr["noiseMultiplier"]
    mode = pr["mode"]
    logits = np.zeros((len(job["models"]), len(score_rows)), dtype="<f4")
    report = {"library": f"torch {torch.__version__} ({VECTORISED})", "models": [], "notes": [f"model: {kind}"]}
    for m in job["models"]:
        g = torch.Generator().manual_seed(m["seed"])
        torch.manual_seed(m["seed"])
        model = make()
        params = list(model.parameters())
        if tr["optimizer"] == "adam":
            opt = torch.optim.Adam(params, lr=tr["learningRate"])
        elif tr["optimizer"] == "momentum":
            opt = torch.optim.SGD(params, lr=tr["learningRate"], momentum=tr.get("momentum", 0.9))
        else:
            opt = torch.optim.SGD(params, lr=tr["learningRate"])
        rows = torch.from_numpy(np.load(m["trainRows"]).astype(np.int64))
        expected = q * len(rows)
        empty, total, opt_steps = 0, 0, 0
        for _ in range(T):
            batch = rows[torch.rand(len(rows), generator=g) < q]
            total += len(batch)
            if len(batch) == 0:
                empty += 1
                if mode == "nondp":
                    continue  # an empty batch skips the step
                summed = [torch.zeros_like(p) for p in params]
            else:
                xb, yb = X[batch], labels[batch]
                if per_sample_grads is not None:
                    per = per_sample_grads(model, loss_fn, xb, yb)
                else:
                    per = dense_per_sample_grads(model, xb, yb)
                if mode == "nondp":
                    summed = [p.sum(0) / len(batch) for p in per]
                else:
                    norms = torch.sqrt(sum(p.reshape(len(batch), -1).pow(2).sum(1) for p in per))
                    c = torch.clamp(C / (norms + 1e-6), max=1.0)
                    summed = [torch.einsum("b,b...->...", c, p) for p in per]
            if mode != "nondp":
                sd = sigma * C
                summed = [(s + (torch.normal(0.0, sd, s.shape, generator=g) if sd > 0 else 0.0)) / expected for s in summed]
            for p, s in zip(params, summed):
                p.grad = s.detach().clone()
            opt.step()
            opt_steps += 1
        with torch.no_grad():
            logits[m["index"]] = model(X[score_rows]).reshape(-1).numpy()
        report["models"].append(
            {
                "index": m["index"],
                "steps": T,
                "sampling": "poisson",
                "noiseMultiplier": sigma if mode == "dp" else 0.0,
                "maxGradNorm": None if mode == "nondp" else C,
                "sampleRate": q,
                "meanBatchSize": total / T,
                "emptySteps": empty,
                "optimizerSteps": opt_steps,
            }
        )
    np.save(job["outputs"]["logits"], logits)
    with open(job["outputs"]["report"], "w") as f:
        json.dump(report, f, indent=2)
    print(f"torch_dpsgd: {len(job['models'])} model(s), {T} steps each ({mode}, {kind}, per-example gradients by {VECTORISED})")


if __name__ == "__main__":
    main()
