import { KURTOSIS_FORMULA } from '../../../core/stats/kurtosis-constants';
import { KURE_FORMULA } from '../../../core/regularizers/kure-formulas';
import {
  LINF_R2_FORMULA,
  MARGIN_R2_FORMULA,
  R2_TOTAL_FORMULA,
  SOFT_MIN_MAX_R2_FORMULA,
} from '../../../core/regularizers/r2-formulas';
import { R2_RAMP_FORMULA } from '../../../core/regularizers/r2-schedule';

/**
 * train.py's regularizers and weight statistics, each under the formula the lab's teaching panel
 * shows (the same strings, imported from src/core).
 */
export const PY_REGULARIZERS = String.raw`
def unbiased_std(w):
    """sqrt(sum (w - mu)^2 / (N - 1)) + eps (src/core/stats/kurtosis.ts unbiasedStd); the
    variance is floored at 1e-30 so an all-zero layer has a zero gradient, not NaN."""
    d = w - w.mean()
    return torch.sqrt(torch.clamp(d.square().sum() / (w.numel() - 1), min=1e-30)) + RECIPE["kurtosisEps"]


def kurtosis(w):
    """${KURTOSIS_FORMULA}
    (methods.md 3.1, 3.3; over all elements, not per channel)."""
    d = w - w.mean()
    sigma = torch.sqrt(torch.clamp(d.square().sum() / (w.numel() - 1), min=1e-30)) + RECIPE["kurtosisEps"]
    return (d / sigma).square().square().mean()


def r2_linf(w):
    """${LINF_R2_FORMULA}   (methods.md 2.1)
    On ties amax splits the gradient evenly, as the lab's custom gradient does."""
    return w.abs().amax()


def r2_margin(w, margin):
    """${MARGIN_R2_FORMULA}   (methods.md 2.1, 2.3)"""
    excess = F.relu(w.abs() - margin.abs())
    q = RECIPE["r2"]["hingePower"]
    hinge = excess.square() if q == 2 else excess.pow(q)
    return hinge.sum() + margin.square()


def r2_soft_min_max(w, a_raw):
    """${SOFT_MIN_MAX_R2_FORMULA}   (methods.md 2.1, 2.2)
    Computed in float64: d/da of the soft range is a softmax-weighted variance, a small difference
    of large sums over the layer, and float32 loses about 1e-4 of it on the dense layer."""
    flat = w.reshape(-1).double()
    t = F.softplus(a_raw.double())
    aw = (t / unbiased_std(flat)) * flat
    smax = (torch.softmax(aw, 0) * flat).sum()
    smin = (torch.softmax(-aw, 0) * flat).sum()
    return (smax - smin + torch.exp(-t)).to(w.dtype)


def softplus_inverse(t0):
    """The a_raw whose softplus is t0: log(e^t0 - 1) (stable for large t0)."""
    return t0 + math.log1p(-math.exp(-t0)) if t0 > 20 else math.log(math.expm1(t0))


class R2(nn.Module):
    """R2 range restriction (Kundu et al. 2023, arXiv 2303.08253; methods.md 2), on every conv and
    dense kernel, with one learnable margin M or temperature a_raw per layer, trained by the
    model's optimizer:
      ${R2_TOTAL_FORMULA}
      ${R2_RAMP_FORMULA}"""

    def __init__(self, model):
        super().__init__()
        self.model = [model]  # a list, so the model's parameters are not registered twice
        self.variant = RECIPE["r2"]["variant"]
        kernels = model.kernels()
        self.names = [name for name, _ in kernels]
        if self.variant == "margin":  # M init = max|W| of the initial kernel ([LAB], methods.md 2.3)
            self.params = nn.ParameterList(nn.Parameter(k.detach().abs().amax().clone()) for _, k in kernels)
        elif self.variant == "soft-min-max":
            t0 = RECIPE["r2"]["initTemperature"]
            self.params = nn.ParameterList(nn.Parameter(torch.tensor(softplus_inverse(t0))) for _ in kernels)
        else:
            self.params = nn.ParameterList()

    def ramp(self, step, total_steps):
        ramp_steps = RECIPE["r2"]["rampFraction"] * total_steps
        return 1.0 if ramp_steps == 0 else min(1.0, step / ramp_steps)

    def term(self, i, w):
        if self.variant == "linf":
            return r2_linf(w)
        if self.variant == "margin":
            return r2_margin(w, self.params[i])
        return r2_soft_min_max(w, self.params[i])

    def loss(self, step, total_steps):
        terms = [self.term(i, w) for i, (_, w) in enumerate(self.model[0].kernels())]
        return torch.stack(terms).sum() * (RECIPE["r2"]["weight"] * self.ramp(step, total_steps) / len(terms))

    def lab_variables(self):
        key = {"margin": "margin", "soft-min-max": "a_raw"}.get(self.variant)
        return {f"r2/{n}/{key}": p for n, p in zip(self.names, self.params)} if key else {}


class Kure:
    """KURE (Shkolnik, Chmiel et al., NeurIPS 2020, arXiv 2002.07686; methods.md 3):
      ${KURE_FORMULA}
    Layers here: RECIPE["kure"]["layers"] ('convs-but-first' is the paper's)."""

    def __init__(self, model):
        self.model = model

    def kernels(self):
        named = self.model.kernels()
        convs = [k for _, k in named if k.dim() == 4]  # conv and depthwise kernels, as the lab
        choice = RECIPE["kure"]["layers"]
        return [k for _, k in named] if choice == "all" else convs if choice == "all-convs" else convs[1:]

    def loss(self, step, total_steps):
        k = torch.stack([kurtosis(w) for w in self.kernels()])
        return (k - RECIPE["kure"]["target"]).square().mean() * RECIPE["kure"]["weight"]


def layer_stats(model):
    """Per weight layer: kurtosis, max|w| and the unbiased std, as the lab's layer statistics."""
    with torch.no_grad():
        return [{"name": n, "kurtosis": kurtosis(w).item(), "maxAbs": w.abs().max().item(),
                 "std": unbiased_std(w).item(), "maxAbsOverStd": (w.abs().max() / unbiased_std(w)).item()}
                for n, w in model.kernels()]
`;
