import { KURE_LATEX } from '../../core/regularizers/kure-formulas';
import { R2_FORMULAS } from '../../core/regularizers/r2-formulas';
import { KURTOSIS_LATEX } from '../../core/stats/kurtosis-constants';
import { LSQ_PLUS_FORWARD_LATEX, LSQ_PLUS_GRADIENT_LATEX } from '../../core/lsq/formulas';
import {
  DAMPENING_LATEX,
  FREEZING_LATEX,
  OSCILLATION_TRACKING_LATEX,
} from '../../core/oscillation/formulas';
import type { FormulaSource } from '../../core/regularizers/r2-formulas';
import { R2_RAMP_FRACTION, R2_RAMP_LATEX } from '../../core/regularizers/r2-schedule';
import { COSINE_RAMP_LATEX } from '../../core/schedules/cosine';
import {
  DAMPENING_SCHEDULE_DEFAULTS,
  FREEZE_SCHEDULE_DEFAULTS,
} from '../../core/schedules/oscillation-schedules';
import { TECHNIQUE_IDS, type TechniqueId } from '../../settings/techniques';

/**
 * Teaching notes, one per technique: plain sentences, the formulas exactly as src/core implements
 * them (LaTeX for KaTeX), what to watch in the plots and the paper. Pure data, no React.
 *
 * One definition: formulas that src/core already writes in LaTeX are imported from there, always
 * from its tfjs-free modules (*-formulas.ts, *-constants.ts): one import of a tfjs module would pull
 * all of tfjs (about 1.1 MB, 245 kB gzip) into the page's main bundle (test/unit/teaching checks).
 */

/**
 * Where a formula comes from: the source tags of /work/shared/reference/methods.md. The R2 tags
 * (R2-abs, R2-recall, LAB) are core's {@link FormulaSource}.
 */
export type SourceTag = FormulaSource | 'OSC-code' | 'OSC-paper' | 'KURE-code' | 'LSQ' | 'LSQ+';

/** One displayed formula. */
export interface FormulaNote {
  /** Short name shown above the formula. */
  readonly label: string;
  /** LaTeX source for KaTeX: a static constant, never user or URL input. */
  readonly tex: string;
  /** Sources of its parts, strongest first (methods.md tags). */
  readonly sources: readonly SourceTag[];
  /** Repository path of the code that implements it. */
  readonly code: string;
  /** Setting value (r2 variant or qat mode) this formula belongs to; absent = always applies. */
  readonly variant?: string;
}

/** A paper, with only the fields that methods.md or the seed summaries give. */
export interface PaperRef {
  /** Name used in the lab, e.g. 'LSQ+'. */
  readonly short: string;
  readonly title?: string;
  /** As written in methods.md, e.g. 'Esser et al.'. */
  readonly authors?: string;
  /** Year of the venue, or of arXiv v1 (from the id) when it has none. */
  readonly year: number;
  readonly venue?: string;
  /** arXiv identifier, e.g. '2203.11086' (link: https://arxiv.org/abs/<id>). */
  readonly arxiv?: string;
  /** What the lab takes from it, when that is not the whole technique. */
  readonly role?: string;
}

/** Everything one teaching panel shows. */
export interface TechniqueNote {
  readonly id: TechniqueId;
  /** Tab label. */
  readonly tab: string;
  readonly title: string;
  /** 3 to 6 plain sentences for a student. */
  readonly sentences: readonly string[];
  readonly formulas: readonly FormulaNote[];
  /** "Formula used": what is sourced, what is the lab's choice, and where sources disagree. */
  readonly formulaUsed: string;
  /** What to watch in the plots, naming them. */
  readonly watch: string;
  readonly papers: readonly PaperRef[];
}

const PAPERS = {
  r2: {
    short: 'R2',
    title: 'R2 Loss: Range Restriction Loss for Model Compression and Quantization',
    authors: 'Kundu et al. (Apple)',
    year: 2023,
    arxiv: '2303.08253',
  },
  kure: {
    short: 'KURE',
    title: 'Robust Quantization: One Model to Rule Them All',
    authors: 'Shkolnik, Chmiel et al.',
    year: 2020,
    venue: 'NeurIPS 2020',
    arxiv: '2002.07686',
  },
  lsq: {
    short: 'LSQ',
    title: 'Learned Step Size Quantization',
    authors: 'Esser et al.',
    year: 2020,
    venue: 'ICLR 2020',
    arxiv: '1902.08153',
  },
  lsqPlus: {
    short: 'LSQ+',
    title:
      'LSQ+: Improving low-bit quantization through learnable offsets and better initialization',
    authors: 'Bhalgat et al.',
    year: 2020,
    venue: 'CVPR-W 2020',
    arxiv: '2004.09576',
  },
  oscillations: {
    short: 'Oscillations in QAT',
    title: 'Overcoming Oscillations in Quantization-Aware Training',
    authors: 'Nagel, Fournarakis et al.',
    year: 2022,
    venue: 'ICML 2022',
    arxiv: '2203.11086',
  },
} as const satisfies Record<string, PaperRef>;

const REG = 'src/core/regularizers/';
const LSQ = 'src/core/lsq/';
const OSC = 'src/core/oscillation/';
const ramp = DAMPENING_SCHEDULE_DEFAULTS.annealStart;
const fStart = FREEZE_SCHEDULE_DEFAULTS.start;

const R2_NOTE: TechniqueNote = {
  id: 'r2',
  tab: 'R2',
  title: 'R2: range restriction loss',
  sentences: [
    'R2 adds a penalty on the range of each layer’s weights to the loss while the float model trains, so that a few outlier weights cannot stretch the quantization grid.',
    'A narrower range means a smaller step between grid points, so every weight is rounded by less at 2 to 4 bits.',
    'L-inf pushes in only the largest weight of each layer; Margin learns a margin M per layer, pulls in every weight outside ±M and shrinks M itself.',
    'Soft-min-max replaces the hard maximum and minimum by softmax-weighted averages with a learned temperature, so it also trims near-outliers and ranges that are not centred on zero.',
    'L-inf and Margin suit symmetric quantization; Soft-min-max suits asymmetric grids and compression.',
  ],
  formulas: [
    {
      label: 'L-inf R2',
      tex: R2_FORMULAS.linf!.latex,
      sources: ['R2-abs', 'LAB'],
      code: `${REG}r2-linf.ts`,
      variant: 'linf',
    },
    {
      label: 'Margin R2',
      tex: R2_FORMULAS.margin!.latex,
      sources: ['R2-abs', 'R2-recall', 'LAB'],
      code: `${REG}r2-margin.ts`,
      variant: 'margin',
    },
    {
      label: 'Soft-min-max R2',
      tex: R2_FORMULAS['soft-min-max']!.latex,
      sources: ['R2-abs', 'R2-recall', 'LAB'],
      code: `${REG}r2-soft-min-max.ts`,
      variant: 'soft-min-max',
    },
    {
      label: 'Total loss',
      tex: R2_FORMULAS.total!.latex,
      sources: ['R2-abs', 'LAB'],
      code: `${REG}r2-loss.ts`,
    },
    { label: 'Warm-up ramp', tex: R2_RAMP_LATEX, sources: ['LAB'], code: `${REG}r2-schedule.ts` },
  ],
  formulaUsed:
    'No public code or equations exist for R2 (methods.md 2). The idea of each loss is sourced [R2-abs]; the exact algebra (squared hinge, M², unsquared range) is a reconstruction [R2-recall]; ' +
    `dividing by the layer count L, the warm-up over the first ${100 * R2_RAMP_FRACTION} % of steps, M starting at max|w| and a = t / std(W) are the lab’s choices [LAB]. ` +
    'The paper summary in the seeds writes the balancing term as e^(−α) on the raw temperature; following methods.md 2.2 the lab uses e^(−t) on the dimensionless t = a·std(W), because for conv-sized weights e^(−α) would be 0 and balance nothing.',
  watch:
    'In the weight histogram on the grid the tails pull in and the grid gets finer; the loss terms show the R2 term next to the task loss. ' +
    'PTQ accuracy W2–W8 should hold up better at 2–3 bits; with Margin or Soft-min-max the learned parameters show M or the temperature per layer.',
  papers: [PAPERS.r2],
};

const KURE_NOTE: TechniqueNote = {
  id: 'kure',
  tab: 'KURE',
  title: 'KURE: kurtosis regularization',
  sentences: [
    'KURE adds a penalty that pushes the kurtosis of each layer’s weights towards 1.8, the kurtosis of a uniform distribution (a Gaussian bell has 3).',
    'Kurtosis measures how heavy the tails of a distribution are: the fourth power makes a few far-out weights count a lot.',
    'A flat, uniform-like histogram uses every grid level about equally and suffers less when the step size or the bit width of the quantizer changes.',
    'Kurtosis does not depend on the scale of the weights, so KURE changes the shape of the histogram, not its width.',
    'The lab applies it to float training and judges it by a PTQ sweep; the paper also keeps it on during QAT, which the lab does when QAT is switched on with it.',
  ],
  formulas: [
    { label: 'KURE loss', tex: KURE_LATEX, sources: ['KURE-code'], code: `${REG}kure.ts` },
    {
      label: 'Kurtosis of one layer',
      tex: KURTOSIS_LATEX,
      sources: ['KURE-code', 'LAB'],
      code: 'src/core/stats/kurtosis.ts',
    },
  ],
  formulaUsed:
    'Follows the official code (methods.md 3.1): kurtosis over all elements of a layer with the unbiased (N − 1) standard deviation, plus a tiny ε against constant layers [LAB], averaged over every conv layer (depthwise included) except the first; dense layers are not regularised. ' +
    'The code’s “avg” mode divides by a hard-coded layer count; here L is the actual count. λ = 1 and K_T = 1.8, the values of every reported experiment, are the defaults of the recipe.',
  watch:
    'Kurtosis per layer should fall towards the 1.8 line and the weight histogram on the grid should flatten. ' +
    'The loss terms show how big the KURE term is next to the task loss (with λ = 1 it can dominate a tiny CNN); PTQ accuracy W2–W8 shows whether the flatter weights quantize better.',
  papers: [PAPERS.kure],
};

const LSQ_NOTE: TechniqueNote = {
  id: 'qat',
  tab: 'LSQ / LSQ+',
  title: 'LSQ and LSQ+: learned step size (and offset)',
  sentences: [
    'Quantization-aware training rounds the weights, and optionally the layer inputs, to the b-bit grid in every forward pass, so the network learns to live with the rounding.',
    'Rounding has no useful gradient, so the backward pass uses the straight-through estimator: it treats rounding as the identity inside the grid’s range and blocks the gradient outside it.',
    'LSQ also learns each quantizer’s step size s by gradient descent, with its gradient scaled by g = 1/√(N·Q_P) so that under plain SGD s moves at a pace comparable to the weights; the lab trains s with its own Adam, which divides out a constant gradient scale, so here g barely changes how fast s moves.',
    'LSQ+ adds a learned offset β for the layer inputs, which lets the grid shift to cover negative activations such as Swish outputs, and starts s and β from better values.',
    'Its four configurations combine an unsigned or signed grid with an offset fixed at 0 or learned; the weights always use the signed grid without offset.',
  ],
  formulas: [
    {
      label: 'LSQ quantizer',
      tex:
        '\\begin{gathered} \\bar{v} = \\lfloor \\operatorname{clip}(v/s,\\,-Q_N,\\,Q_P) \\rceil,\\quad \\hat{v} = s\\,\\bar{v} \\\\ ' +
        '\\text{weights: } Q_N = 2^{b-1},\\ Q_P = 2^{b-1}-1;\\quad \\text{post-ReLU inputs: } Q_N = 0,\\ Q_P = 2^b-1 \\end{gathered}',
      sources: ['LSQ'],
      code: `${LSQ}lsq.ts`,
    },
    {
      label: 'LSQ gradients (straight-through)',
      tex: '\\frac{\\partial \\hat{v}}{\\partial v} = \\mathbb{1}[-Q_N < v/s < Q_P],\\quad \\frac{\\partial \\hat{v}}{\\partial s} = \\begin{cases} \\lfloor v/s \\rceil - v/s & -Q_N < v/s < Q_P \\\\ -Q_N & v/s \\le -Q_N \\\\ Q_P & v/s \\ge Q_P \\end{cases}',
      sources: ['LSQ'],
      code: `${LSQ}ste-kernel.ts`,
    },
    {
      label: 'Gradient scale',
      tex: 'g = \\frac{1}{\\sqrt{N\\,Q_P}},\\quad \\nabla_s \\leftarrow g\\,\\nabla_s \\ (\\text{value of } s \\text{ unchanged})',
      sources: ['LSQ', 'LAB'],
      code: `${LSQ}grad-scale.ts`,
    },
    {
      label: 'LSQ init',
      tex: 's_{init} = \\frac{2\\,\\operatorname{mean}(|v|)}{\\sqrt{Q_P}}',
      sources: ['LSQ'],
      code: `${LSQ}init-weights.ts`,
      variant: 'lsq',
    },
    {
      label: 'LSQ+ quantizer',
      tex: LSQ_PLUS_FORWARD_LATEX,
      sources: ['LSQ+'],
      code: `${LSQ}lsq-plus.ts`,
      variant: 'lsq+',
    },
    {
      label: 'LSQ+ gradients (straight-through)',
      tex: LSQ_PLUS_GRADIENT_LATEX,
      sources: ['LSQ+', 'LAB'],
      code: `${LSQ}ste-kernel.ts`,
      variant: 'lsq+',
    },
    {
      label: 'LSQ+ configurations (layer inputs)',
      tex: '\\begin{array}{cccc} \\text{recipe} & n & p & \\beta \\\\ \\hline 1 & 0 & 2^b-1 & 0 \\\\ 2 & -2^{b-1} & 2^{b-1}-1 & 0 \\\\ 3 & 0 & 2^b-1 & \\text{learned} \\\\ 4 & -2^{b-1} & 2^{b-1}-1 & \\text{learned} \\end{array}',
      sources: ['LSQ+'],
      code: `${LSQ}lsq-plus.ts`,
      variant: 'lsq+',
    },
    {
      label: 'LSQ+ weight init',
      tex: 's_{init} = \\frac{\\max(|\\mu - 3\\sigma|,\\ |\\mu + 3\\sigma|)}{2^{b-1}},\\quad \\beta = 0',
      sources: ['LSQ+'],
      code: `${LSQ}init-weights.ts`,
      variant: 'lsq+',
    },
    {
      label: 'LSQ+ input init (MSE search from the min-max values)',
      tex:
        '\\begin{gathered} s_{mm} = \\frac{\\max x - \\min x}{p - n},\\quad \\beta_{mm} = \\min x - n\\,s_{mm}\\quad (\\text{recipes 3, 4}) \\\\ ' +
        '(s, \\beta) = \\arg\\min_{s_k,\\,\\beta} \\sum \\big(\\hat{x}(x; s_k, \\beta) - x\\big)^2,\\quad s_k = \\tfrac{k}{K}\\,s_{mm},\\ K = 100 \\end{gathered}',
      sources: ['LSQ+', 'LAB'],
      code: `${LSQ}init-activations.ts`,
      variant: 'lsq+',
    },
  ],
  formulaUsed:
    'LSQ and LSQ+ have no official code; the formulas follow methods.md 4, cross-checked against public implementations. ⌊·⌉ rounds half to even (tf.round). Each weight layer has one step size on the signed grid [−2^(b−1), 2^(b−1) − 1] (later LSQ versions; early arXiv versions used a narrower grid). ' +
    'For layer inputs N counts the features of one example, as LSQ writes it; torch and others count the whole batch [LAB]. LSQ+ scales the gradients of s and β by the same g and uses the strict interior n < u < p for all three. ' +
    'The MSE init searches K = 100 ranges (and, with a learned offset, 21 window positions) [LAB]; with β fixed at 0 (recipes 1, 2) the min-max step is max(max(x, 0)/p, min(x, 0)/n) [LAB]. The seed summary gives the LSQ+ venue as CVPR 2020; methods.md says the CVPR 2020 workshops (CVPR-W), which is used here. ' +
    'The quantizer parameters s and β are trained by their own Adam at the “Quantizer learning rate” (methods.md 4.3, as [OSC-code] does); Adam normalises each step, so the gradient scale g matters little there, and at the model’s rate a small step size was pushed to the floor within a few steps.',
  watch:
    'The learned quantizer parameters show s (and β with LSQ+) per layer moving away from their initial values in the first steps and then settling. ' +
    'The weight histogram on the grid shows the latent weights gathering around the grid levels, and the loss terms show the task loss of the quantized model.',
  papers: [PAPERS.lsq, PAPERS.lsqPlus],
};

const OSCILLATION_NOTE: TechniqueNote = {
  id: 'oscillation',
  tab: 'Oscillations',
  title: 'Oscillations in QAT: tracking, dampening, freezing',
  sentences: [
    'With the straight-through estimator, a latent weight whose best value lies between two grid points never settles: it is pushed up while it rounds down and down while it rounds up, so its integer value flips back and forth.',
    'The lab counts an oscillation when a weight’s integer changes in the opposite direction to its previous change, and keeps a moving average f of these events for every weight.',
    'The flips corrupt the batch-norm running statistics and add noise to training, most of all at low bit widths and in depthwise layers.',
    `Dampening adds a loss that pulls each latent weight towards the centre of its grid bin, away from the decision boundary, with a weight that ramps up after ${100 * ramp} % of the steps.`,
    'Iterative freezing fixes a weight for good once its oscillation frequency exceeds a threshold that decays during training, at round(ema_int), a slow average of its integers that starts when freezing starts (with m = 0.001 it spans about 1,000 steps, so in a run of a few hundred steps it is about the integer the weight had then).',
  ],
  formulas: [
    {
      label: 'Oscillation tracking',
      tex: OSCILLATION_TRACKING_LATEX,
      sources: ['OSC-code', 'OSC-paper'],
      code: `${OSC}tracker-state.ts`,
    },
    {
      label: 'Dampening loss (paper form)',
      tex: DAMPENING_LATEX,
      sources: ['OSC-paper', 'OSC-code'],
      code: `${OSC}dampening.ts`,
    },
    {
      label: 'Dampening as reduced here (kernel_mean)',
      tex:
        '\\begin{gathered} \\mathcal{L}_{dampen} = \\frac{C_{out}}{N}\\sum_{i=1}^{N}\\big(\\operatorname{sg}(s\\,w_{int,i}) - \\operatorname{clip}(w_i, s\\,n, s\\,p)\\big)^2 \\\\ ' +
        '\\mathcal{L} = \\mathcal{L}_{task} + \\lambda(t)\\sum_{layers}\\mathcal{L}_{dampen} \\end{gathered}',
      sources: ['OSC-code'],
      code: `${OSC}dampening.ts`,
    },
    {
      label: `Dampening weight λ(t): v₀ = ${DAMPENING_SCHEDULE_DEFAULTS.start}, v₁ = final λ, ρ = ${ramp}`,
      tex: COSINE_RAMP_LATEX,
      sources: ['OSC-code'],
      code: 'src/core/schedules/cosine.ts',
    },
    {
      label: 'Iterative freezing',
      tex: FREEZING_LATEX,
      sources: ['OSC-code', 'OSC-paper'],
      code: `${OSC}freezing.ts`,
    },
    {
      label: 'Freezing threshold',
      tex: `f_{th}(t) = \\begin{cases} 0 \\ (\\text{off}) & t < ${ramp}\\,T \\\\ f_1 + \\tfrac12(${fStart} - f_1)(1 + \\cos \\pi r) & t \\ge ${ramp}\\,T \\end{cases},\\quad r = \\min\\!\\left(1, \\frac{t - ${ramp}\\,T}{${1 - ramp}\\,T}\\right)`,
      sources: ['OSC-code'],
      code: 'src/core/schedules/oscillation-schedules.ts',
    },
  ],
  formulaUsed:
    'Follows the official code (methods.md 5.2–5.4). An oscillation compares with the most recent non-zero change, not only the previous step, and the lab updates the trackers on training steps only [LAB] (the official tracker also runs during evaluation). ' +
    'The paper writes the dampening loss as a squared Frobenius norm; like the official recipes the lab sums over output channels and averages over the rest (kernel_mean), the reduction the published λ values belong to. ' +
    `The seed summary writes a constant λ; the lab follows the recipe’s λ(t), 0 until ${100 * ramp} % of the steps and then a cosine ramp (methods.md 5.3). ` +
    'Tracking and freezing cover quantizers of at most 4 bits; dampening covers every quantized layer. The EMA momentum m is a setting: the code’s command-line default 0.001 remembers about 1/m = 1000 steps, longer than a lab fine-tune, so the oscillation presets use 0.004 (the code asks for m 2–3x below the final freezing threshold, 0.011 at 3 bit, and 250 steps fit inside the part of the run where freezing is active).',
  watch:
    'The oscillation frequency per layer and the weight raster show weights flipping between two neighbouring levels. ' +
    `After ${100 * ramp} % of the steps, dampening should lower the frequency, and freezing should turn flickering rows of the raster into flat lines while the frozen share grows.`,
  papers: [PAPERS.oscillations],
};

const BN_NOTE: TechniqueNote = {
  id: 'bn-reestimate',
  tab: 'BN re-estimation',
  title: 'Batch-norm re-estimation',
  sentences: [
    'Batch norm keeps running averages of each channel’s mean and variance during training and uses them at test time.',
    'The oscillations paper argues that when quantized weights oscillate, each layer’s outputs jump from step to step, so these averages mix several versions of the network and no longer match the final weights.',
    'Re-estimation fixes this after training: it runs 50 training batches through the final quantized model without changing any weight and replaces each running mean and variance by the average over those batches.',
    'It needs no labels and no gradients, and it matters most for depthwise layers, which have few weights per channel.',
  ],
  formulas: [
    {
      label: 'Re-estimated statistics of channel c',
      tex: '\\mu_c \\leftarrow \\frac{1}{K}\\sum_{k=1}^{K} \\mu_c^{(k)},\\quad \\sigma_c^2 \\leftarrow \\frac{1}{K}\\sum_{k=1}^{K} \\frac{n}{n-1}\\,\\big(\\sigma_c^{(k)}\\big)^2,\\quad K = 50',
      sources: ['OSC-code', 'LAB'],
      code: 'src/engine/training/bn-reestimate.ts',
    },
    {
      label: 'Batch norm at test time',
      tex: 'y = \\gamma_c\\,\\frac{x - \\mu_c}{\\sqrt{\\sigma_c^2 + \\epsilon}} + \\beta_c',
      sources: ['OSC-code'],
      code: 'src/engine/models/layers.ts',
    },
  ],
  formulaUsed:
    'Follows the official code’s reestimate_BN_stats (methods.md 5.6): μ_c^(k) and σ_c^(k) are the mean and (biased) variance of channel c in batch k, n = images × height × width per channel, so n/(n − 1) makes each variance unbiased as PyTorch records it. ' +
    'The batches come from their own seeded order and are capped at one epoch of the training split [LAB]; the lab re-estimates once when training ends (a setting), where the official recipes do it before every evaluation.',
  watch:
    'Compare the test accuracy before and after re-estimation, and run the same recipe in float as a control (the preset “BN re-estimation: float control”, or the A/B twin with QAT switched off): the running averages also lag behind float weights that are still moving, so only the gain beyond the float run’s, and beyond a W8 run’s, can be credited to oscillations (docs/paper-check.md measures both). ' +
    'The BN momentum is a setting: at 0.9 (PyTorch’s default) the averages forget within tens of steps; at 0.99 (Keras’) they lag further behind and re-estimation has more to fix, even in float. ' +
    'The oscillation frequency plot tells you how much there was to fix, and a PTQ accuracy W2–W8 sweep run afterwards uses the new statistics.',
  papers: [
    {
      ...PAPERS.oscillations,
      role: 'Sec. 2.3 motivates it; the procedure is the official code’s.',
    },
  ],
};

const PTQ_NOTE: TechniqueNote = {
  id: 'ptq',
  tab: 'PTQ sweep',
  title: 'Post-training quantization sweep (W2–W8)',
  sentences: [
    'Post-training quantization (PTQ) takes the trained float weights and rounds them to a b-bit grid without any further training.',
    'The lab does this for every bit width from 8 down to 2 and measures the test accuracy each time, so you see at which width the model breaks.',
    'Batch norm is first folded into the layer before it, because that is what a deployed model runs, and the folded kernel is what gets quantized.',
    'The grid’s range comes from the largest weight (min-max) or from a search over 100 candidate ranges for the smallest squared rounding error (MSE), per channel or per tensor.',
    'Biases stay in float, and the first and last layers can be kept at 8 bit.',
  ],
  formulas: [
    {
      label: 'BN folding',
      tex:
        '\\begin{gathered} W_f[\\dots, c] = g_c\\,W[\\dots, c],\\quad b_f[c] = \\beta_c + (b_c - \\mu_c)\\,g_c \\\\ ' +
        'g_c = \\frac{\\gamma_c}{\\sqrt{\\sigma_c^2 + \\epsilon}} \\end{gathered}',
      sources: ['LAB'],
      code: 'src/engine/training/bn-fold.ts',
    },
    {
      label: 'Kernel used in the sweep (BN in eval mode: equals the folded model)',
      tex: '\\tilde{W}[\\dots, c] = Q_b\\big(g_c\\,W[\\dots, c]\\big) / g_c',
      sources: ['LAB'],
      code: 'src/engine/training/bn-fold.ts',
    },
    {
      label: 'Symmetric quantizer (signed grid)',
      tex:
        '\\begin{gathered} s = \\max(t/p,\\ 2^{-23}),\\quad x_{int} = \\operatorname{clamp}(\\lfloor x/s \\rceil, n, p),\\quad \\hat{x} = s\\,x_{int} \\\\ ' +
        '[n, p] = [-2^{b-1},\\ 2^{b-1}-1] \\end{gathered}',
      sources: ['OSC-code'],
      code: 'src/core/quant/params.ts',
    },
    {
      label: 'Asymmetric quantizer (unsigned grid)',
      tex:
        '\\begin{gathered} lo = \\min(x_{min}, 0),\\quad hi = \\max(x_{max}, 0),\\quad s = \\max\\!\\big(\\tfrac{hi - lo}{2^b - 1},\\ 2^{-23}\\big) \\\\ ' +
        'z = \\operatorname{clamp}(\\lfloor -lo/s \\rceil, 0, 2^b-1),\\quad \\hat{x} = s\\,\\big(\\operatorname{clamp}(\\lfloor x/s \\rceil + z, 0, 2^b-1) - z\\big) \\end{gathered}',
      sources: ['OSC-code'],
      code: 'src/core/quant/params.ts',
    },
    {
      label: 'MSE range search (symmetric)',
      tex:
        '\\begin{gathered} t^{*} = \\arg\\min_{t_k} \\sum_i \\big(x_i - Q(x_i; t_k)\\big)^2 \\\\ ' +
        't_k = \\tfrac{k}{K}\\max_i |x_i|,\\quad k = 1..K,\\ K = 100 \\end{gathered}',
      sources: ['OSC-code', 'LAB'],
      code: 'src/core/quant/range-mse.ts',
    },
  ],
  formulaUsed:
    'The sweep protocol is the lab’s own (methods.md 1.5 [LAB]), built from the papers’ conventions. The quantizer and the MSE search follow the oscillations paper’s official code (methods.md 1.1, 1.3), except that the candidates run up to max|x| rather than max|x| + 0.5, which would make the grid coarse for small weights [LAB]. ' +
    'Instead of rebuilding the model, each kernel is multiplied by its BN factor g, quantized and divided by g again; with BN in eval mode that equals the folded deploy model. ⌊·⌉ rounds half to even.',
  watch:
    'PTQ accuracy W2–W8 is flat at high bit widths and falls off below some width; a good technique moves that knee to the left. ' +
    'Compare min-max with MSE at W2, where symmetric min-max rounds every weight with |w| below half the channel’s max|w| to 0, which is almost all of them (at W3 the cut-off is max|w|/6; see the weight histogram on the grid).',
  papers: [
    {
      ...PAPERS.oscillations,
      role: 'The quantizer and the MSE range search follow its official code.',
    },
    { ...PAPERS.lsq, role: 'Keeping the first and last layers at 8 bit is its convention.' },
  ],
};

/** The teaching note of every technique (the compiler asks for one per descriptor). */
const NOTES: Readonly<Record<TechniqueId, TechniqueNote>> = {
  r2: R2_NOTE,
  kure: KURE_NOTE,
  qat: LSQ_NOTE,
  oscillation: OSCILLATION_NOTE,
  'bn-reestimate': BN_NOTE,
  ptq: PTQ_NOTE,
};

/** Every teaching note, in tab order (the techniques' order). */
export const TECHNIQUE_NOTES: readonly TechniqueNote[] = TECHNIQUE_IDS.map((id) => NOTES[id]);
