import {
  DAMPENING_FORMULA,
  FREEZING_FORMULA,
  OSCILLATION_TRACKING_FORMULA,
  TOTAL_LOSS_WITH_DAMPENING_FORMULA,
} from '../../../core/oscillation/formulas';
import {
  OSCILLATING_FREQUENCY_THRESHOLD,
  OSCILLATION_MAX_BITS,
  OSCILLATION_STEP_DEFAULTS,
  OSCILLATION_SUMMARY_FORMULA,
} from '../../../core/oscillation/constants';
import { COSINE_RAMP_FORMULA } from '../../../core/schedules/cosine';
import {
  DAMPENING_SCHEDULE_DEFAULTS,
  DAMPENING_WEIGHT_FORMULA,
  FREEZE_THRESHOLD_FORMULA,
} from '../../../core/schedules/oscillation-schedules';
import type { Recipe } from '../../../settings/schema';
import { TECHNIQUE } from '../../../settings/techniques';

/**
 * train.py's `RECIPE["oscillation"]`: null unless the lab builds its oscillation technique
 * (src/engine/techniques/oscillation.ts): QAT on and tracking, dampening or freezing on.
 */
export function oscillationConfig(recipe: Recipe) {
  if (!TECHNIQUE.oscillation.isOn(recipe)) return null;
  return {
    track: recipe.trackOscillations === 'on',
    dampening: recipe.dampening,
    dampeningStart: DAMPENING_SCHEDULE_DEFAULTS.start,
    aggregation: 'kernel_mean',
    start: recipe.oscStart,
    momentum: recipe.oscMomentum,
    freezing: recipe.freezing === 'on',
    freezeThreshold: recipe.freezeThreshold,
    freezeThresholdStart: recipe.freezeThresholdStart,
    useEmaInt: OSCILLATION_STEP_DEFAULTS.useEmaInt,
    maxBits: OSCILLATION_MAX_BITS,
    oscillatingThreshold: OSCILLATING_FREQUENCY_THRESHOLD,
  };
}

/**
 * train.py's oscillation tracking, dampening and iterative freezing (methods.md 5.2-5.4) on the
 * QAT weight quantizers, with the formulas of the lab's teaching panel (src/core/oscillation).
 */
export const PY_OSCILLATION = String.raw`
def cosine_ramp(step, total_steps, start, end, rel_start):
    """${COSINE_RAMP_FORMULA}
    (src/core/schedules/cosine.ts; step counts from 1)"""
    t0 = rel_start * total_steps
    if step < t0:
        return start
    r = min(1, (step - t0) / (total_steps - t0))
    return end + 0.5 * (start - end) * (1 + math.cos(math.pi * r))


def dampening_weight_at(step, total_steps):
    """${DAMPENING_WEIGHT_FORMULA}
    (here lambda_1 = the recipe's dampening, 0.25 = its oscStart)"""
    o = RECIPE["oscillation"]
    return cosine_ramp(step, total_steps, o["dampeningStart"], o["dampening"], o["start"])


def freeze_threshold_at(step, total_steps):
    """${FREEZE_THRESHOLD_FORMULA}
    (here f_start, f_end = freezeThresholdStart, freezeThreshold; 0.25 = oscStart)"""
    o = RECIPE["oscillation"]
    value = cosine_ramp(step, total_steps, o["freezeThresholdStart"], o["freezeThreshold"], o["start"])
    if o["freezeThresholdStart"] == 0 or step < o["start"] * total_steps:
        return 0
    return value


def apply_freezing(w_int, masks):
    """w_int = (1 - frozen) w_int + frozen frozen_int; unchanged without masks."""
    if masks is None:
        return w_int
    return (1 - masks["frozen"]) * w_int + masks["frozen"] * masks["frozen_int"]


class OscillationTracker:
    """One weight tensor's tracker (src/core/oscillation/tracker-state.ts):
      ${OSCILLATION_TRACKING_FORMULA}
      ${FREEZING_FORMULA}
    Updated once per training step, after the optimizer step, on that step's integer weights; the
    first update starts the state from them (no oscillation counted)."""

    def __init__(self):
        self.state = None

    @torch.no_grad()
    def update(self, w_int, threshold):
        m = RECIPE["oscillation"]["momentum"]
        if self.state is None:
            zeros = lambda: torch.zeros_like(w_int)
            self.state = {"prev_int": w_int.clone(), "last_dir": zeros(), "frequency": zeros(), "total": zeros(),
                          "frozen": zeros(), "frozen_int": zeros(), "ema_int": None}
        st = self.state
        x = apply_freezing(w_int, st)
        delta = torch.round(st["prev_int"] - x)
        direction = torch.sign(delta)
        oscillated = (direction * st["last_dir"] == -1).float()
        frequency = m * oscillated + (1 - m) * st["frequency"]
        st["last_dir"] = torch.where(delta != 0, direction, st["last_dir"])
        if threshold > 0:
            ema_prev = x if st["ema_int"] is None else st["ema_int"]
            hot = frequency > threshold
            st["frozen"] = torch.maximum(st["frozen"], hot.float())
            source = torch.round(ema_prev) if RECIPE["oscillation"]["useEmaInt"] else x
            st["frozen_int"] = torch.where(hot, source, st["frozen_int"])
            if RECIPE["oscillation"]["useEmaInt"]:
                st["ema_int"] = m * x + (1 - m) * ema_prev
        st["prev_int"], st["frequency"] = x, frequency
        st["total"] = st["total"] + oscillated

    def summary(self):
        """${OSCILLATION_SUMMARY_FORMULA}"""
        st = self.state
        return {"frequency": st["frequency"].mean().item(),
                "oscillating": (st["frequency"] > RECIPE["oscillation"]["oscillatingThreshold"]).float().mean().item(),
                "frozen": st["frozen"].mean().item(),
                "frozenCount": int(st["frozen"].sum().item()), "weights": st["frozen"].numel(),
                "events": st["total"].sum().item() / st["total"].numel()}


def dampening_loss(w, s, grid, masks):
    """${DAMPENING_FORMULA}
    (src/core/oscillation/dampening.ts; kernel_mean here sums over torch's output-channel dim 0).
    The clip follows tf.maximum / tf.minimum's gradient rule: w's where w >= s n (then <= s p)."""
    n, p = grid
    scale = floored(s)
    with torch.no_grad():
        target = scale * apply_freezing(torch.clamp(torch.round(w / scale), n, p), masks)
    lo, hi = scale * torch.full_like(w, n), scale * torch.full_like(w, p)
    above = torch.where(w >= lo, w, lo)
    clipped = torch.where(above <= hi, above, hi)
    return (target - clipped).square().sum(0).mean()


class Oscillation:
    """Oscillations in QAT (methods.md 5; src/engine/techniques/oscillation.ts) on the Qat weight
    quantizers: trackers on every quantizer of at most maxBits bits (8-bit first/last layers are
    skipped), freezing through a weight hook right after QAT's (from the first step whose threshold
    is > 0), and the dampening term
      ${TOTAL_LOSS_WITH_DAMPENING_FORMULA}
    over ALL quantized layers, 8-bit ones too."""

    def __init__(self, qat):
        o = RECIPE["oscillation"]
        self.qat = qat
        self.freezing = o["freezing"]
        trackers = o["track"] or self.freezing
        self.trackers = {i: OscillationTracker() for i, b in enumerate(qat.bits) if trackers and b <= o["maxBits"]}
        self.freezing_started = False
        self.has_loss = o["dampening"] > 0

    def masks(self, i):
        tracker = self.trackers.get(i)
        return tracker.state if self.freezing_started and tracker is not None else None

    def weight(self, i, q):
        masks = self.masks(i) if self.freezing else None
        return q if masks is None else self.qat.freeze(i, q, masks)

    def loss(self, step, total_steps):
        lam = dampening_weight_at(step, total_steps)
        if lam == 0:
            return torch.zeros((), device=self.qat.kernels[0].device)
        terms = [dampening_loss(w, self.qat.weight_s[i], self.qat.grids[i], self.masks(i))
                 for i, w in enumerate(self.qat.kernels)]
        return lam * torch.stack(terms).sum()

    def after_step(self, step, total_steps):
        threshold = freeze_threshold_at(step, total_steps) if self.freezing else 0
        for i, tracker in self.trackers.items():
            tracker.update(self.qat.integers(i), threshold)
        if threshold > 0:
            self.freezing_started = True

    def report(self):
        """Per tracked layer: mean EMA frequency, share oscillating (f > oscillatingThreshold),
        share and count frozen, oscillation events per weight since tracking began."""
        return [{"name": self.qat.names[i], **t.summary()} for i, t in self.trackers.items() if t.state is not None]
`;
