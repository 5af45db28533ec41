import {
  LSQ_FORWARD_FORMULA,
  LSQ_GRADIENT_FORMULA,
  LSQ_GRAD_SCALE_FORMULA,
  LSQ_INIT_FORMULA,
  LSQ_PLUS_FORWARD_FORMULA,
  LSQ_PLUS_GRADIENT_FORMULA,
  LSQ_PLUS_MSE_INIT_FORMULA,
  LSQ_PLUS_WEIGHT_INIT_FORMULA,
} from '../../../core/lsq/formulas';
import { LSQ_PLUS_CONFIGS, MSE_INIT_DEFAULTS, type LsqPlusConfig } from '../../../core/lsq/configs';
import { activationBits, FIRST_LAST_BITS } from '../../../core/quant/bits';
import { SCALE_FLOOR } from '../../../core/quant/scale-floor';
import type { Recipe } from '../../../settings/schema';
import { TECHNIQUE } from '../../../settings/techniques';
import { ADAM } from '../../training/optimizer-constants';

/**
 * train.py's `RECIPE["qat"]`: null with QAT off, else LSQ or LSQ+ as the lab's QAT technique
 * (src/engine/techniques/qat.ts) builds it.
 */
export function qatConfig(recipe: Recipe) {
  if (!TECHNIQUE.qat.isOn(recipe)) return null;
  const config = LSQ_PLUS_CONFIGS[recipe.lsqPlusConfig as LsqPlusConfig];
  return {
    method: recipe.qat,
    wBits: recipe.wBits,
    aBits: activationBits(recipe.aBits),
    firstLast8: recipe.firstLast8 === 'on',
    firstLastBits: FIRST_LAST_BITS,
    // LSQ quantizes post-ReLU inputs on the unsigned grid with no offset; LSQ+ as configured.
    activation:
      recipe.qat === 'lsq+'
        ? {
            config: recipe.lsqPlusConfig,
            signed: config.grid === 'signed-full',
            learnBeta: config.learnBeta,
          }
        : { config: 'lsq', signed: false, learnBeta: false },
    learningRate: recipe.quantLearningRate,
    adam: { beta1: 0.9, beta2: 0.999, epsilon: ADAM.epsilon },
    scaleFloor: SCALE_FLOOR,
    mseInit: { ...MSE_INIT_DEFAULTS },
  };
}

/**
 * train.py's QAT (methods.md 4): the LSQ / LSQ+ fake quantizer with the lab's straight-through
 * gradients, its gradient scale, the lab's initialisations and the per-layer quantizers, with
 * the formulas of the lab's teaching panel (src/core/lsq/formulas.ts).
 */
export const PY_QAT = String.raw`
def lsq_grid(bits, signed):
    """Integer grid [n, p] (src/core/quant/grid.ts): signed-full [-2^(b-1), 2^(b-1) - 1] for
    weights and signed activations, unsigned [0, 2^b - 1] for post-ReLU activations."""
    return (-2 ** (bits - 1), 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1)


def floored(s):
    """max(s, SCALE_FLOOR), the gradient reaching s where s >= the floor (tf.maximum's rule)."""
    return torch.where(s >= RECIPE["qat"]["scaleFloor"], s, s.new_tensor(RECIPE["qat"]["scaleFloor"]))


class GradScale(torch.autograd.Function):
    """${LSQ_GRAD_SCALE_FORMULA}
    (src/core/lsq/grad-scale.ts): identity forward, backward times g."""

    @staticmethod
    def forward(ctx, t, g):
        ctx.g = g
        return t.clone()

    @staticmethod
    def backward(ctx, dy):
        return dy * ctx.g, None


def grad_scale_factor(x, param, role, p):
    """g = 1 / sqrt(N * p): N = elements per step size for weights, features of ONE example for
    activations (the batch axis divided out, as LSQ writes; methods.md 4.3 [LAB])."""
    count = x.numel() / param.numel() / (x.shape[0] if role == "activation" else 1)
    return 1 / math.sqrt(count * p)


class LsqQuantize(torch.autograd.Function):
    """LSQ: ${LSQ_FORWARD_FORMULA}
    LSQ+: ${LSQ_PLUS_FORWARD_FORMULA}
    Straight-through gradients, unscaled (src/core/lsq/ste-kernel.ts, strict interior n < u < p):
      LSQ:  ${LSQ_GRADIENT_FORMULA}
      LSQ+: ${LSQ_PLUS_GRADIENT_FORMULA}
    beta is None for LSQ and the symmetric LSQ+ configurations (beta fixed at 0)."""

    @staticmethod
    def forward(ctx, x, s, beta, n, p):
        ctx.save_for_backward(x, s, beta)
        ctx.grid = (n, p)
        x_bar = torch.clamp(torch.round(LsqQuantize.position(x, s, beta)), n, p)
        scaled = x_bar * floored(s)
        return scaled if beta is None else scaled + beta

    @staticmethod
    def position(x, s, beta):
        """u = (x - beta) / max(s, SCALE_FLOOR)."""
        return (x if beta is None else x - beta) / floored(s)

    @staticmethod
    def backward(ctx, dy):
        x, s, beta = ctx.saved_tensors
        n, p = ctx.grid
        u = LsqQuantize.position(x, s, beta)
        inside = (u > n) & (u < p)
        zero = torch.zeros_like(dy)
        edge = torch.where(u <= n, torch.full_like(u, n), torch.full_like(u, p))
        ds = (dy * torch.where(inside, torch.round(u) - u, edge)).sum().reshape(s.shape)
        dbeta = None if beta is None else torch.where(inside, zero, dy).sum().reshape(beta.shape)
        return torch.where(inside, dy, zero), ds, dbeta, None, None


def fake_quant(x, s, beta, grid, role):
    """x_hat with g applied to the backward of s and beta (their values unchanged)."""
    g = grad_scale_factor(x, s, role, grid[1])
    beta = None if beta is None else GradScale.apply(beta, g)
    return LsqQuantize.apply(x, GradScale.apply(s, g), beta, *grid)


def lsq_init(v, p):
    """${LSQ_INIT_FORMULA}
    (float32 with the lab's mean, lab_mean: a step size one ulp off flips roundings)"""
    return lab_mean(v.abs(), tuple(range(v.dim()))) * (2 / math.sqrt(p))


def lsq_plus_weight_init(w, bits):
    """${LSQ_PLUS_WEIGHT_INIT_FORMULA}
    (float32 with the lab's reductions: tf.mean as lab_mean, tf.sum as a float64 sum)"""
    mu = lab_mean(w, tuple(range(w.dim())))
    sum_sq = (w - mu).square().double().sum().float()
    sigma = torch.sqrt(sum_sq / (w.numel() - 1)) if w.numel() > 1 else torch.zeros_like(mu)
    spread = sigma * 3
    return torch.maximum((mu - spread).abs(), (mu + spread).abs()) / 2 ** (bits - 1)


def lsq_plus_activation_init_mse(x, bits):
    """${LSQ_PLUS_MSE_INIT_FORMULA}
    Symmetric configurations (beta = 0) search s_k only. In float64 on the lab's values (x in the
    lab's NHWC order, subsampled to maxSamples by its seeded generator), ties keep the first, as
    src/core/lsq/init-activations.ts lsqPlusActivationInitMse. Returns (s, beta) as floats."""
    cfg, act = RECIPE["qat"]["mseInit"], RECIPE["qat"]["activation"]
    n, p = lsq_grid(bits, act["signed"])
    flat = (x.permute(0, 2, 3, 1) if x.dim() == 4 else x).reshape(-1).double().cpu()
    lo, hi = flat.min().item(), flat.max().item()
    if act["learnBeta"]:
        s_mm = (hi - lo) / (p - n)
        best = (math.inf, s_mm, lo - n * s_mm)
    else:
        s_mm = max(max(hi, 0) / p, min(lo, 0) / n if n < 0 else 0)
        best = (math.inf, s_mm, 0.0)
    if not s_mm > 0:
        fail(f"LSQ+ MSE init: the calibration batch is constant, s = {s_mm}")
    values = flat
    if len(flat) > cfg["maxSamples"]:
        random = mulberry32(cfg["seed"])
        values = flat[torch.tensor([math.floor(random() * len(flat)) for _ in range(cfg["maxSamples"])])]
    k_count, positions = cfg["candidates"], cfg["positions"]
    for k in range(1, k_count + 1):
        s = (k / k_count) * s_mm
        slack = (hi - lo) * (1 - k / k_count)
        tries = positions if act["learnBeta"] and slack > 0 else 1
        betas = [lo + ((j / (tries - 1)) if tries > 1 else 0) * slack - n * s if act["learnBeta"] else 0.0
                 for j in range(tries)]
        b = torch.tensor(betas, dtype=torch.float64).reshape(-1, 1)
        q = torch.clamp(torch.round((values - b) / s), n, p)
        for beta, sse in zip(betas, (s * q + b - values).square().sum(1).tolist()):
            if sse < best[0]:
                best = (sse, s, beta)
    return best[1], best[2]


class Qat(nn.Module):
    """Quantization-aware training as the lab's QAT technique (src/engine/techniques/qat.ts):
    every weight layer's kernel fake-quantized with a learned per-tensor step s (signed grid;
    LSQ init, or for LSQ+ the mean +- 3 sigma init); with activation bits, every layer's input but
    the image with a learned s (LSQ: unsigned grid, LSQ init) or s and beta (LSQ+: the configured
    grid, MSE init), initialised on one calibration batch. BN stays in float and unfolded. s and
    beta train with their own Adam at quantLearningRate (constant); after each step s >= floor."""

    def __init__(self, model, calibration):
        super().__init__()
        cfg = RECIPE["qat"]
        kernels = model.kernels()
        self.names = [name for name, _ in kernels]
        edge = lambda i: i == 0 or i == len(kernels) - 1
        self.bits = [cfg["firstLastBits"] if cfg["firstLast8"] and edge(i) else cfg["wBits"] for i in range(len(kernels))]
        self.grids = [lsq_grid(b, True) for b in self.bits]
        self.kernels = [w for _, w in kernels]
        init = lsq_plus_weight_init if cfg["method"] == "lsq+" else lambda w, b: lsq_init(w, lsq_grid(b, True)[1])
        with torch.no_grad():
            self.weight_s = nn.ParameterList(nn.Parameter(init(w.detach(), b).clone()) for w, b in zip(self.kernels, self.bits))
        self.input_s, self.input_beta = nn.ParameterDict(), nn.ParameterDict()
        inputs = calibration_inputs(model, calibration)
        if cfg["aBits"] is not None:
            act = cfg["activation"]
            self.input_grid = lsq_grid(cfg["aBits"], act["signed"])
            for i, x in sorted(inputs.items()):
                if i == 0:
                    continue  # the image stays in float
                if cfg["method"] == "lsq+":
                    s, beta = lsq_plus_activation_init_mse(x, cfg["aBits"])
                else:
                    s, beta = lsq_init(x, self.input_grid[1]).item(), 0.0
                self.input_s[self.names[i]] = nn.Parameter(torch.tensor(s, dtype=torch.float32, device=x.device))
                if act["learnBeta"]:
                    self.input_beta[self.names[i]] = nn.Parameter(torch.tensor(beta, dtype=torch.float32, device=x.device))

    def weight(self, i, w):
        return fake_quant(w, self.weight_s[i], None, self.grids[i], "weight")

    def input(self, i, x):
        name = self.names[i]
        if name not in self.input_s:
            return x
        beta = self.input_beta[name] if name in self.input_beta else None
        return fake_quant(x, self.input_s[name], beta, self.input_grid, "activation")

    def integers(self, i):
        """w_int = clamp(round(w / s), n, p) of layer i, as the quantizer forms them."""
        with torch.no_grad():
            return torch.clamp(torch.round(self.kernels[i] / floored(self.weight_s[i])), *self.grids[i])

    def freeze(self, i, q, masks):
        """(1 - frozen) q + frozen s frozen_int (methods.md 5.4): frozen entries get no gradient, s
        still does, through the same gradient scale."""
        frozen, frozen_int = masks["frozen"], masks["frozen_int"]
        g = grad_scale_factor(self.kernels[i], self.weight_s[i], "weight", self.grids[i][1])
        return (1 - frozen) * q + frozen * (GradScale.apply(self.weight_s[i], g) * frozen_int)

    def optimizer(self):
        """The quantizer parameters' own Adam (methods.md 4.3, [OSC-code]) at a constant rate."""
        a = RECIPE["qat"]["adam"]
        return torch.optim.Adam(self.parameters(), lr=RECIPE["qat"]["learningRate"],
                                betas=(a["beta1"], a["beta2"]), eps=a["epsilon"])

    def after_step(self, step, total_steps):
        """Keep s > 0: s <- max(s, SCALE_FLOOR) after each step (methods.md 4.3)."""
        with torch.no_grad():
            for s in [*self.weight_s, *self.input_s.values()]:
                s.clamp_(min=RECIPE["qat"]["scaleFloor"])

    def lab_variables(self):
        out = {f"qat/{n}/weight/s": s for n, s in zip(self.names, self.weight_s)}
        out.update({f"qat/{n}/input/s": s for n, s in self.input_s.items()})
        out.update({f"qat/{n}/input/beta": b for n, b in self.input_beta.items()})
        return out

    def report(self):
        """Per layer: the learned weight step, input step and input offset, as the lab reports."""
        rows = []
        for i, name in enumerate(self.names):
            values = {"weightStep": self.weight_s[i].item()}
            if name in self.input_s:
                values["inputStep"] = self.input_s[name].item()
            if name in self.input_beta:
                values["inputOffset"] = self.input_beta[name].item()
            rows.append({"name": name, **values})
        return rows


class ForwardHooks:
    """The techniques' forward hooks composed in order (src/engine/techniques/index.ts
    composeHooks): each weight layer's input and kernel pass through every technique's hook."""

    def __init__(self, techniques):
        self.techniques = techniques

    def input(self, i, x):
        for t in self.techniques:
            x = t.input(i, x) if hasattr(t, "input") else x
        return x

    def weight(self, i, w):
        for t in self.techniques:
            w = t.weight(i, w) if hasattr(t, "weight") else w
        return w


class Capture:
    """Hooks that keep each weight layer's input and change nothing."""

    def __init__(self):
        self.inputs = {}

    def input(self, i, x):
        self.inputs[i] = x.detach().clone()
        return x

    def weight(self, i, w):
        return w


@torch.no_grad()
def calibration_inputs(model, images):
    """Each weight layer's input on the calibration batch (the first batchSize training images),
    in float and in train mode as the lab's calibration forward (src/engine/training/session.ts
    calibrateTechniques), so BN's running statistics take that one step too."""
    capture = Capture()
    model(images, capture)
    return capture.inputs
`;
