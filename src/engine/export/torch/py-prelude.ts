/** train.py's imports, its clear one-line errors and its command line. */
export const PY_PRELUDE = String.raw`
import argparse
import gzip
import json
import math
import os
import struct
import sys

MIN_TORCH = (1, 10)  # torch.frombuffer, Tensor.amax


def fail(message):
    """One clear line on stderr and exit code 2: the script's answer to bad input."""
    print(f"train.py: error: {message}", file=sys.stderr)
    sys.exit(2)


try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError:
    fail("python3 has no torch; install it (pip install torch, or apt-get install -y python3-torch)")


def check_torch_version():
    found = tuple(int(p) for p in torch.__version__.split("+")[0].split(".")[:2])
    if found < MIN_TORCH:
        fail(f"torch {torch.__version__} is too old; this script needs torch >= {'.'.join(map(str, MIN_TORCH))}")


def parse_args(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="QuantLab recipe in PyTorch: " + RECIPE["query"])
    p.add_argument("--data", default=os.path.join(here, "data", RECIPE["dataset"] + ".qlds"),
                   help="the lab's .qlds asset of " + RECIPE["dataset"] + " (default: next to this script), or "
                        "imagefolder:DIR, your own images as DIR/train/<class>/*.png|jpg and DIR/test/<class>/* "
                        "(torchvision's ImageFolder layout; decoded with torchvision or Pillow)")
    p.add_argument("--model", help="train another model: one of the lab's (" + ", ".join(RECIPE["labModels"]) + "; the "
                   "recipe's is " + RECIPE["model"]["name"] + "), or a torchvision.models name such as resnet18 "
                   "(needs torchvision; its own initialisation, no download)")
    p.add_argument("--device", default="cpu", help="cpu or cuda (cuda:N)")
    p.add_argument("--steps", type=int, default=RECIPE["steps"], help="optimizer steps")
    p.add_argument("--state", help="folder written by the lab's --with-state: initial weights and first batches")
    p.add_argument("--use-state-batches", action="store_true",
                   help="train on the exported batches (in order) instead of sampling the data set")
    p.add_argument("--check", action="store_true",
                   help="cross-check mode: print one JSON line with step 1's loss, terms and gradients, "
                        "and the losses of --steps steps on the exported batches (needs --state)")
    p.add_argument("--ptq-only", action="store_true",
                   help="only the end of a run on the weights in --state, as one JSON line: BN re-estimation "
                        "when the recipe has it, then the PTQ sweep W2-W8")
    p.add_argument("--ddp", action="store_true",
                   help="data-parallel over the processes torchrun starts (torchrun --nproc_per_node N train.py --ddp): "
                        "each takes an equal share of the lab's batch, BN statistics over the whole batch")
    args = p.parse_args(argv)
    if args.ddp and "RANK" not in os.environ:
        fail("--ddp: start it with torchrun, e.g. torchrun --nproc_per_node 2 train.py --ddp")
    if args.ddp and (args.check or args.ptq_only):
        fail("--check and --ptq-only run in one process; drop --ddp")
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        fail(f"--device {args.device}: CUDA is not available on this machine (torch {torch.__version__}); use --device cpu")
    if args.device != "cpu" and not args.device.startswith("cuda"):
        fail(f"--device {args.device}: expected cpu or cuda")
    if (args.check or args.use_state_batches or args.ptq_only) and not args.state:
        fail("--check, --ptq-only and --use-state-batches need --state DIR (export with --with-state)")
    if args.steps < 1:
        fail(f"--steps {args.steps}: must be at least 1")
    return args
`;
