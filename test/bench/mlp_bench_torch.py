# The PyTorch side of test/bench/mlp-bench.ts: the same MLP (Dense-ReLU-Dropout ×2, one logit),
# the same data, batch size, optimiser and epochs, on the CPU with 2 threads.
# Needs Debian's python3-torch (apt-get install -y python3-torch); run with /usr/bin/python3.
import argparse
import json
import time

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--rows", type=int, required=True)
parser.add_argument("--val-rows", type=int, required=True)
parser.add_argument("--width", type=int, required=True)
parser.add_argument("--epochs", type=int, required=True)
parser.add_argument("--batch", type=int, required=True)
parser.add_argument("--hidden", default="128,64")
parser.add_argument("--dropout", type=float, default=0.2)
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(7)
load = lambda name, shape: torch.from_numpy(np.fromfile(f"{args.dir}/{name}", dtype=np.float32).reshape(shape))
x, y = load("train_x.f32", (args.rows, args.width)), load("train_y.f32", (args.rows,))
vx, vy = load("val_x.f32", (args.val_rows, args.width)), load("val_y.f32", (args.val_rows,))

layers, width = [], args.width
for units in [int(u) for u in args.hidden.split(",")]:
    layers += [torch.nn.Linear(width, units), torch.nn.ReLU(), torch.nn.Dropout(args.dropout)]
    width = units
layers.append(torch.nn.Linear(width, 1))
model = torch.nn.Sequential(*layers)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.BCEWithLogitsLoss()


def auc(labels, scores):
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    # Average ranks over ties (Mann–Whitney).
    s = scores[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j + 2) / 2
        i = j + 1
    pos = labels == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


epoch_seconds = []
generator = torch.Generator().manual_seed(11)
for epoch in range(args.epochs):
    model.train()
    started = time.perf_counter()
    order = torch.randperm(args.rows, generator=generator)
    for start in range(0, args.rows, args.batch):
        idx = order[start : start + args.batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x[idx]).squeeze(1), y[idx])
        loss.backward()
        # The pipeline records the global gradient norm every step; do the same work here.
        torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters()))
        optimizer.step()
    epoch_seconds.append(time.perf_counter() - started)

model.eval()
with torch.no_grad():
    scores = torch.sigmoid(model(vx).squeeze(1)).numpy()
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "epochSeconds": epoch_seconds, "validationAuc": auc(vy.numpy(), scores)}))
