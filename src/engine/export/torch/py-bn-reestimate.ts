/**
 * train.py's BN re-estimation (methods.md 5.6) as the lab does it
 * (src/engine/training/bn-reestimate.ts, run-loop.ts): after the last step, before the final
 * evaluation and PTQ sweep.
 */
export const PY_BN_REESTIMATE = String.raw`
@torch.no_grad()
def reestimate_bn(model, images, device, hooks=None):
    """BN re-estimation (methods.md 5.6, src/engine/training/bn-reestimate.ts): every batch norm's
    running mean and variance become the equal-weight average, over K = RECIPE["bnReestimate"]
    ["batches"] training batches (at most one epoch), of the per-batch means and unbiased
    per-batch variances (n / (n - 1), n = N H W), measured in train mode. The batches come from a
    sampler of their own, seeded from the run's seed, so training's batch order is untouched and
    every call sees the same batches. The forward goes through hooks (QAT's quantizers) when
    given, so the statistics describe the quantized network. No gradient, no optimizer step.
    Returns K."""
    norms = [m for m in model.modules() if isinstance(m, LabBatchNorm)]
    config, batch = RECIPE["bnReestimate"], RECIPE["batchSize"]
    count = min(max(1, config["batches"]), len(images) // batch)
    if not norms or count < 1:
        return 0
    sums = [[torch.zeros_like(bn.moving_mean), torch.zeros_like(bn.moving_variance)] for bn in norms]

    def measure(j):
        def hook(_, inputs):
            x = inputs[0]
            n = x.numel() // x.shape[1]
            sums[j][0] += x.mean(dim=(0, 2, 3))
            sums[j][1] += x.var(dim=(0, 2, 3), unbiased=False) * (n / (n - 1) if n > 1 else 1)
        return hook

    handles = [bn.register_forward_pre_hook(measure(j)) for j, bn in enumerate(norms)]
    order = lab_batches(len(images), batch, config["seed"])
    training = model.training
    model.train()
    try:
        for _ in range(count):
            model(images[next(order)].to(device), hooks)
    finally:
        for handle in handles:
            handle.remove()
        model.train(training)
    for bn, (mean, variance) in zip(norms, sums):
        bn.moving_mean.copy_(mean / count)
        bn.moving_variance.copy_(variance / count)
    return count


def bn_reestimation(model, train_x, test, device, report=True, hooks=None):
    """Re-estimate (every process: the train-mode forward reduces over --ddp's processes) and,
    where report, the test accuracy before and after, as the lab's 'bn-reestimated' event."""
    limit = min(RECIPE["testExamples"], len(test[1]))
    before = evaluate(model, *test, limit, device, hooks) if report else None
    batches = reestimate_bn(model, train_x, device, hooks)
    after = evaluate(model, *test, limit, device, hooks) if report else None
    return {"batches": batches, "before": before, "after": after}
`;
