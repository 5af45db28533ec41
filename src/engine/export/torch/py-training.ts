import { LEARNING_RATE_FORMULAS, WARMUP_FORMULA } from '../../../core/schedules/learning-rate';

/** train.py's optimizer, learning-rate schedule, training step, evaluation and entry points. */
export const PY_TRAINING = String.raw`
def learning_rate_at(step, total_steps):
    """src/core/schedules/learning-rate.ts at 1-based step t of T:
      ${WARMUP_FORMULA}
      constant: ${LEARNING_RATE_FORMULAS.constant}
      cosine:   ${LEARNING_RATE_FORMULAS.cosine}
      step:     ${LEARNING_RATE_FORMULAS.step}"""
    lr0, schedule = RECIPE["learningRate"], RECIPE["lrSchedule"]
    warmup = min(max(0, RECIPE["warmupSteps"]), total_steps)
    if step <= warmup:
        return lr0 * step / warmup
    if schedule == "cosine":
        r = min(1, (step - warmup) / max(1, total_steps - warmup))
        return 0.5 * lr0 * (1 + math.cos(math.pi * r))
    if schedule == "step":
        return lr0 * 0.1 ** sum(1 for mark in (0.5, 0.75) if step > mark * total_steps)
    return lr0


def make_optimizer(params):
    """The lab's optimizers (src/engine/training/optimizer.ts): tfjs's Adam, whose epsilon is
    1e-7 (PyTorch's default is 1e-8), or SGD with momentum (v <- mu v + g; w <- w - lr v)."""
    lr = RECIPE["learningRate"]
    if RECIPE["optimizer"] == "adam":
        a = RECIPE["adam"]
        return torch.optim.Adam(params, lr=lr, betas=(a["beta1"], a["beta2"]), eps=a["epsilon"])
    return torch.optim.SGD(params, lr=lr, momentum=RECIPE["sgdMomentum"])


class Recipe:
    """The model, the techniques the recipe switches on, their loss terms and forward hooks.
    calibration: the images QAT initialises its activation quantizers on (the lab's first
    batchSize training images)."""

    def __init__(self, device, state=None, model=None, calibration=None):
        """From model's weights when given (stage 2 of a pretrained run), else a new model with
        --state's initial weights when given."""
        self.model = model if model is not None else build_model()
        if state is not None and model is None:
            self.model.load_lab(state)
        self.model.to(device)
        self.r2 = R2(self.model).to(device) if RECIPE["r2"] else None
        self.techniques = [("r2", self.r2)] if self.r2 else []
        if RECIPE["kure"]:
            self.techniques.append(("kure", Kure(self.model)))
        params = list(self.model.parameters()) + (list(self.r2.parameters()) if self.r2 else [])
        self.optimizer = make_optimizer(params)
        self.qat = self.oscillation = self.hooks = self.quant_optimizer = None
        if RECIPE["qat"]:
            if calibration is None:
                fail("QAT needs the calibration batch: pass --data, or a --state exported with it")
            self.qat = Qat(self.model, calibration.to(device)).to(device)
            self.quant_optimizer = self.qat.optimizer()
            self.oscillation = Oscillation(self.qat) if RECIPE["oscillation"] else None
            self.hooks = ForwardHooks([t for t in (self.qat, self.oscillation) if t])
            if self.oscillation and self.oscillation.has_loss:
                self.techniques.append(("dampening", self.oscillation))
        self.after_step = [t for t in (self.qat, self.oscillation) if t]
        # Under --ddp the forward pass goes through DistributedDataParallel, which averages the
        # gradients: each process's share of the task loss, and the same regularizer terms.
        self.forward = self.model
        if distributed():
            ids = [torch.device(device).index] if str(device).startswith("cuda") else None
            self.forward = nn.parallel.DistributedDataParallel(self.model, device_ids=ids)

    def losses(self, x, y, step, total_steps):
        """Every term at 1-based step: task = mean softmax cross-entropy, then each technique's."""
        terms = {"task": F.cross_entropy(self.forward(x, self.hooks), y)}
        for name, technique in self.techniques:
            terms[name] = technique.loss(step, total_steps)
        return terms

    def step(self, x, y, step, total_steps):
        """One optimizer step; returns the terms (floats) and the total loss before it."""
        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate_at(step, total_steps)
        self.optimizer.zero_grad(set_to_none=True)
        if self.quant_optimizer:
            self.quant_optimizer.zero_grad(set_to_none=True)
        terms = self.losses(x, y, step, total_steps)
        total = sum(terms.values())
        total.backward()
        self.optimizer.step()
        if self.quant_optimizer:
            if distributed():  # outside DistributedDataParallel: average the shares' gradients
                for p in self.qat.parameters():
                    torch.distributed.all_reduce(p.grad)
                    p.grad /= torch.distributed.get_world_size()
            self.quant_optimizer.step()
        for technique in self.after_step:
            technique.after_step(step, total_steps)
        values = torch.stack([total.detach()] + [v.detach() for v in terms.values()])
        if distributed():  # the whole batch's loss: the mean of the processes' equal shares
            torch.distributed.all_reduce(values)
            values /= torch.distributed.get_world_size()
        total, *rest = values.tolist()
        return total, dict(zip(terms, rest))

    def lab_variables(self):
        out = {k: (p, to_lab) for k, (p, to_lab, _) in self.model.lab_variables().items()
               if p.requires_grad}
        if self.r2:
            out.update({k: (p, lambda t: t) for k, p in self.r2.lab_variables().items()})
        if self.qat:
            out.update({k: (p, lambda t: t) for k, p in self.qat.lab_variables().items()})
        return out

    def reports(self):
        """The lab's per-layer technique reports: QAT's learned steps, oscillation statistics."""
        out = {"qat": self.qat.report()} if self.qat else {}
        if self.oscillation and self.oscillation.trackers:
            out["oscillation"] = self.oscillation.report()
        return out


@torch.no_grad()
def evaluate(model, images, labels, limit, device, hooks=None):
    """Test accuracy on the first limit test images, BN with its running statistics, through the
    techniques' hooks (QAT's quantizers) when given."""
    model.eval()
    correct = 0
    for start in range(0, limit, 500):
        x = images[start:min(start + 500, limit)].to(device)
        correct += (model(x, hooks).argmax(1) == labels[start:start + len(x)].to(device)).sum().item()
    model.train()
    return correct / limit


def check(args):
    """Cross-check mode: step 1's loss, terms and gradient of every variable (lab layouts) on
    the first exported batch, then the total loss of --steps steps on the exported batches. With
    QAT, convs, batch norm, the global pool and sigmoid round as the lab's (LAB_ARITHMETIC), so
    ties break the same way."""
    LAB_ARITHMETIC["on"] = bool(RECIPE["qat"])
    tensors, batches, calibration = read_state(args.state)
    if len(batches) < max(args.steps, pretrain_offset()):
        fail(f"--steps {args.steps}: the state holds only {len(batches)} batches")
    # With pretraining, stage 1 first on the same batches (stage 2's sampler starts afresh).
    model, pretrained = pretrain(args.device, tensors, lambda s: batches[s - 1]) if RECIPE["pretrain"] else (None, [])
    first = Recipe(args.device, tensors, pretrained_copy(model, args.device), calibration)
    x, y = batches[0]
    terms = first.losses(x.to(args.device), y.to(args.device), 1, RECIPE["steps"])
    total = sum(terms.values())
    total.backward()
    grads = {k: to_lab(p.grad).reshape(-1).tolist() for k, (p, to_lab) in first.lab_variables().items()}
    run = Recipe(args.device, tensors, pretrained_copy(model, args.device), calibration)
    losses = []
    for step in range(1, args.steps + 1):
        x, y = batches[step - 1]
        losses.append(run.step(x.to(args.device), y.to(args.device), step, RECIPE["steps"]))
    print(json.dumps({"torch": torch.__version__, "loss": total.item(),
                      "terms": {k: v.item() for k, v in terms.items()}, "grads": grads,
                      "steps": [{"loss": loss, "terms": t} for loss, t in losses], "pretrain": pretrained,
                      "layers": layer_stats(run.model), **run.reports()}))


def ptq_only(args):
    """The end of a run on the weights in --state (e.g. the lab's trained ones), as one JSON line:
    BN re-estimation when the recipe has it (with the re-estimated statistics), then the PTQ sweep."""
    tensors, _, _ = read_state(args.state)
    (train_x, _), (test_x, test_y) = read_data(args.data)
    model = build_model()
    model.load_lab(tensors)
    model.to(args.device)
    limit = min(RECIPE["testExamples"], len(test_y))
    out = {}
    if RECIPE["bnReestimate"]:
        out["bnReestimated"] = bn_reestimation(model, train_x, (test_x, test_y), args.device)
        out["statistics"] = {k: to_lab(p).reshape(-1).tolist() for k, (p, to_lab, _) in model.lab_variables().items()
                             if "/moving_" in k}
    out["fpAccuracy"] = evaluate(model, test_x, test_y, limit, args.device)
    out["ptq"] = ptq_sweep(model, test_x, test_y, limit, args.device, train_x)
    print(json.dumps(out))


def setup_ddp(args):
    """One process of torchrun: gloo on CPU, NCCL on CUDA (one GPU per process). Returns its
    rank and the process count, which must divide the batch."""
    torch.distributed.init_process_group("nccl" if args.device.startswith("cuda") else "gloo")
    rank, world = torch.distributed.get_rank(), torch.distributed.get_world_size()
    if args.device.startswith("cuda"):
        args.device = f"cuda:{int(os.environ.get('LOCAL_RANK', rank))}"
        torch.cuda.set_device(args.device)
    if RECIPE["batchSize"] % world:
        fail(f"--ddp: {world} processes do not divide the batch of {RECIPE['batchSize']}")
    return rank, world


def train(args):
    rank, world = setup_ddp(args) if args.ddp else (0, 1)
    torch.manual_seed(RECIPE["seed"])
    (train_x, train_y), (test_x, test_y) = read_data(args.data)
    tensors, batches, _ = read_state(args.state) if args.state else (None, [], None)
    if args.use_state_batches and len(batches) < args.steps:
        fail(f"--steps {args.steps}: the state holds only {len(batches)} batches")
    model, offset = None, pretrain_offset()  # run steps = offset + this stage's steps
    if RECIPE["pretrain"]:
        if args.use_state_batches and len(batches) < offset:
            fail(f"pretraining: {offset} steps, the state holds only {len(batches)} batches")
        stage = lab_batches(len(train_y), RECIPE["batchSize"], RECIPE["seed"])

        def batch_at(step):
            if args.use_state_batches:
                x, y = batches[step - 1]
            else:
                index = next(stage)
                x, y = train_x[index], train_y[index]
            return x.chunk(world)[rank], y.chunk(world)[rank]

        model, _ = pretrain(args.device, tensors, batch_at, pretrain_reporter((test_x, test_y), args.device, rank))
        if rank == 0:
            print(json.dumps({"stage": "fine-tune", "step": offset, "steps": args.steps}), flush=True)
    run = Recipe(args.device, tensors, model, train_x[:RECIPE["batchSize"]])
    order = lab_batches(len(train_y), RECIPE["batchSize"], RECIPE["seed"])
    for step in range(1, args.steps + 1):
        if args.use_state_batches:
            x, y = batches[step - 1]
        else:
            index = next(order)
            x, y = train_x[index], train_y[index]
        x, y = x.chunk(world)[rank], y.chunk(world)[rank]  # this process's share of the batch
        loss, terms = run.step(x.to(args.device), y.to(args.device), step, args.steps)
        if not math.isfinite(loss):
            fail(f"the loss is {loss} at step {step} (terms {terms})")
        if step == args.steps and RECIPE["bnReestimate"]:  # before the final evaluation and PTQ
            done = bn_reestimation(run.model, train_x, (test_x, test_y), args.device, rank == 0, run.hooks)
            if rank == 0:
                print(json.dumps({"step": offset + step, "bnReestimated": done}), flush=True)
        if rank != 0:
            continue  # one process reports, evaluates and sweeps
        if step % RECIPE["metricsEvery"] == 0 or step == args.steps:
            line = {"step": offset + step, "loss": loss, "terms": terms, "lr": learning_rate_at(step, args.steps),
                    **run.reports()}
            if step % RECIPE["evalEvery"] == 0 or step == args.steps:
                limit = min(RECIPE["testExamples"], len(test_y))
                line["testAccuracy"] = evaluate(run.model, test_x, test_y, limit, args.device, run.hooks)
                line["layers"] = layer_stats(run.model)
            print(json.dumps(line), flush=True)
        ptq = RECIPE["ptq"]
        if (ptq["every"] and step % ptq["every"] == 0) or (ptq["atEnd"] and step == args.steps):
            limit = min(RECIPE["testExamples"], len(test_y))
            points = ptq_sweep(run.model, test_x, test_y, limit, args.device, train_x)
            print(json.dumps({"step": offset + step, "ptq": points}), flush=True)
    if args.ddp:
        torch.distributed.destroy_process_group()


def main(argv=None):
    check_torch_version()
    args = parse_args(argv)
    if args.model:
        choose_model(args.model, args)
    torch.manual_seed(RECIPE["seed"])
    (check if args.check else ptq_only if args.ptq_only else train)(args)


if __name__ == "__main__":
    main()
`;
