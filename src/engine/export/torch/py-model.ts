/** train.py's model: the lab's small CNN, its batch norm and the layout changes to torch's. */
export const PY_MODEL = String.raw`
def distributed():
    return torch.distributed.is_available() and torch.distributed.is_initialized()


def batch_moments(x):
    """Mean and biased variance per channel over N, H, W: over the whole batch under --ddp
    (a differentiable all-reduce of each process's sums, as SyncBatchNorm), so the statistics
    and gradients are the one-process ones."""
    dims = (0, 2, 3)
    if not distributed():
        return x.mean(dim=dims), x.var(dim=dims, unbiased=False)
    from torch.distributed.nn.functional import all_reduce
    count = x.numel() // x.shape[1] * torch.distributed.get_world_size()
    mean = all_reduce(x.sum(dim=dims)) / count
    var = all_reduce((x - mean.reshape(1, -1, 1, 1)).square().sum(dim=dims)) / count
    return mean, var


class LabBatchNorm(nn.Module):
    """Batch norm as the lab computes it (src/engine/models/layers.ts applyBatchNorm):
    train: y = gamma (x - mean_B) / sqrt(var_B + eps) + beta with the batch's biased variance, and
    r <- m r + (1 - m) batch for both running statistics. nn.BatchNorm2d would update
    running_var with the unbiased variance, so the running statistics, and every evaluation
    after training, would drift from the lab's."""

    def __init__(self, channels):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.register_buffer("moving_mean", torch.zeros(channels))
        self.register_buffer("moving_variance", torch.ones(channels))

    def forward(self, x):
        if self.training:
            mean, var = lab_moments(x) if LAB_ARITHMETIC["on"] else batch_moments(x)
            m = RECIPE["bnMomentum"]
            with torch.no_grad():
                self.moving_mean.mul_(m).add_((1 - m) * mean)
                self.moving_variance.mul_(m).add_((1 - m) * var)
        else:
            mean, var = self.moving_mean, self.moving_variance
        if LAB_ARITHMETIC["on"]:
            return lab_normalize(x, mean, var, self.gamma, self.beta, RECIPE["bnEpsilon"])
        shape = (1, -1, 1, 1)
        inv = torch.rsqrt(var + RECIPE["bnEpsilon"]).reshape(shape)
        return (x - mean.reshape(shape)) * inv * self.gamma.reshape(shape) + self.beta.reshape(shape)


class LabModel(nn.Module):
    """What every lab model shares, given its weight_layers() and lab_variables()."""

    def kernels(self):
        """(name, kernel) of every weight layer, in forward order, as the lab names them."""
        return [(name, module.weight) for name, module, _ in self.weight_layers()]

    def load_lab(self, tensors):
        """Copy the lab's variables (lab layouts) into the model; every one must be there."""
        with torch.no_grad():
            for name, (param, _, from_lab) in self.lab_variables().items():
                if name not in tensors:
                    fail(f"--state: manifest has no {name} (exported for another model?)")
                if tuple(from_lab(tensors[name]).shape) != tuple(param.shape):
                    fail(f"--state: {name} has another shape than {RECIPE['model']['name']}'s")
                param.copy_(from_lab(tensors[name]))


class SmallCnn(LabModel):
    """src/engine/models/small-cnn.ts: per block conv3x3 (no bias, 'same') - BN - ReLU - maxpool 2,
    then flatten and one dense layer to the logits."""

    def __init__(self):
        super().__init__()
        channels = [RECIPE["inChannels"]] + RECIPE["channels"]
        self.convs = nn.ModuleList(nn.Conv2d(i, o, 3, padding=1, bias=False) for i, o in zip(channels, channels[1:]))
        self.bns = nn.ModuleList(LabBatchNorm(o) for o in channels[1:])
        size = RECIPE["imageSize"] // 2 ** len(self.convs)
        self.dense = nn.Linear(size * size * channels[-1], RECIPE["numClasses"])
        self.reset_parameters()

    def reset_parameters(self):
        """The lab's initialisers: He-normal convs, std = sqrt(2 / (3 * 3 * C_in)); Glorot-uniform
        dense, limit = sqrt(6 / (fan_in + fan_out)), zero bias. Same laws, not the same draws as
        tfjs: pass --state for the lab's own initial weights."""
        for conv in self.convs:
            nn.init.normal_(conv.weight, 0.0, math.sqrt(2 / (9 * conv.in_channels)))
        fan_out, fan_in = self.dense.weight.shape
        nn.init.uniform_(self.dense.weight, -math.sqrt(6 / (fan_in + fan_out)), math.sqrt(6 / (fan_in + fan_out)))
        nn.init.zeros_(self.dense.bias)

    def forward(self, x, hooks=None):
        """hooks (QAT's fake quantizers, as the lab's ForwardHooks) see each weight layer's input
        and kernel: hooks.input(index, x), hooks.weight(index, kernel)."""
        hooked = (lambda i, v, w: (v, w)) if hooks is None else (lambda i, v, w: (hooks.input(i, v), hooks.weight(i, w)))
        for i, (conv, bn) in enumerate(zip(self.convs, self.bns)):
            x = F.max_pool2d(F.relu(bn(conv2d_same(*hooked(i, x, conv.weight)))), 2)
        # The lab flattens NHWC: back to channels-last first, so the dense kernel is the lab's.
        x, w = hooked(len(self.convs), x.permute(0, 2, 3, 1).flatten(1), self.dense.weight)
        return F.linear(x, w, self.dense.bias)

    def weight_layers(self):
        """(name, module, batch norm or None) of every weight layer, in forward order."""
        convs = [(f"conv{i + 1}", c, bn) for i, (c, bn) in enumerate(zip(self.convs, self.bns))]
        return convs + [("dense", self.dense, None)]

    def lab_variables(self):
        """Each lab variable name with (torch tensor, to_lab, from_lab) layout conversions:
        conv OIHW <-> HWIO, dense [out, in] <-> [in, out]; vectors unchanged."""
        same = (lambda t: t, lambda t: t)
        conv = (lambda t: t.permute(2, 3, 1, 0), lambda t: t.permute(3, 2, 0, 1))
        dense = (lambda t: t.t(), lambda t: t.t())
        out = {}
        for i, (c, bn) in enumerate(zip(self.convs, self.bns)):
            name = f"conv{i + 1}"
            out[f"{name}/kernel"] = (c.weight, *conv)
            out[f"{name}/bn/gamma"] = (bn.gamma, *same)
            out[f"{name}/bn/beta"] = (bn.beta, *same)
            out[f"{name}/bn/moving_mean"] = (bn.moving_mean, *same)
            out[f"{name}/bn/moving_variance"] = (bn.moving_variance, *same)
        out["dense/kernel"] = (self.dense.weight, *dense)
        out["dense/bias"] = (self.dense.bias, *same)
        return out
`;
