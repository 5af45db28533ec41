"""PyTorch peer of `npm run bench:cpu`: one training step of the lab's small CNN at batch 64.

The same network as src/engine/models/small-cnn.ts (conv3x3-8 no bias, BN, ReLU, maxpool 2,
conv3x3-16 no bias, BN, ReLU, maxpool 2, dense to 10), softmax cross-entropy and SGD with
momentum, as bench:cpu's tfjs step. Usage: torch_step.py BATCH THREADS (0 = all cores:
Debian's torch starts with one OpenMP thread here). One thread count per process: after a switch
from 2 threads to 1, OpenMP's idle thread spins and slows the one left 3x. Prints one JSON line; exits 3 without torch.
"""
import json
import os
import statistics
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:
    print(json.dumps({"error": "python3 has no torch (apt-get install -y python3-torch)"}))
    sys.exit(3)

WARMUP, MEASURED = 20, 60


def small_cnn() -> nn.Module:
    def block(cin: int, cout: int) -> list:
        conv = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        return [conv, nn.BatchNorm2d(cout, momentum=0.1, eps=1e-3), nn.ReLU(), nn.MaxPool2d(2)]

    return nn.Sequential(*block(1, 8), *block(8, 16), nn.Flatten(), nn.Linear(7 * 7 * 16, 10))


def median_step_ms(batch: int, threads: int) -> float:
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    net = small_cnn().train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()

    def step() -> float:
        start = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return (time.perf_counter() - start) * 1000

    for _ in range(WARMUP):
        step()
    return statistics.median(step() for _ in range(MEASURED))


def main() -> None:
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    threads = threads or max(torch.get_num_threads(), os.cpu_count() or 1)
    result = {
        "torch": torch.__version__,
        "batch": batch,
        "threads": threads,
        "ms": median_step_ms(batch, threads),
        "warmup": WARMUP,
        "measured": MEASURED,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
