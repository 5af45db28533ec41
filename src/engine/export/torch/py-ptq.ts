import {
  ASYMMETRIC_FORMULA,
  MSE_ASYMMETRIC_FORMULA,
  MSE_SYMMETRIC_FORMULA,
  SYMMETRIC_FORMULA,
} from '../../../core/quant/formulas';

/**
 * train.py's PTQ sweep W2-W8 (methods.md 1.5, 1.6) with the lab's weight quantizer
 * (src/core/quant, src/engine/training/ptq-sweep.ts): BN folded; activations in float or, with
 * ptqActBits, quantized as py-ptq-acts.ts does.
 */
export const PY_PTQ = String.raw`
def quant_dequant(x, scale, zero, n, p):
    """x_hat = s * (clamp(round(x / s) + z, n, p) - z); torch.round, like tf.round, rounds half to even."""
    return scale * (torch.clamp(torch.round(x / scale) + zero, n, p) - zero)


def ptq_grid(bits):
    """Signed full grid [-2^(b-1), 2^(b-1) - 1] for symmetric, unsigned [0, 2^b - 1] for asymmetric."""
    if RECIPE["ptq"]["scheme"] == "asymmetric":
        return 0, 2 ** bits - 1
    return -2 ** (bits - 1), 2 ** (bits - 1) - 1


def reduce_dims(w):
    """Per tensor: all dims; per channel: all but the output channel (dim 0 in torch's layouts,
    the last axis in the lab's)."""
    dims = tuple(range(w.dim()))
    return dims if RECIPE["ptq"]["granularity"] == "per-tensor" else dims[1:]


def affine_from_range(lo, hi, n, p):
    scale = torch.clamp((hi - lo) / (p - n), min=RECIPE["ptq"]["scaleFloor"])
    return scale, torch.clamp(torch.round(-lo / scale), n, p)


def symmetric_params(w, dims, n, p):
    """${SYMMETRIC_FORMULA}
    MSE range: ${MSE_SYMMETRIC_FORMULA}"""
    big = w.abs().amax(dim=dims, keepdim=True)
    floor = RECIPE["ptq"]["scaleFloor"]
    if RECIPE["ptq"]["range"] == "mse":
        k = RECIPE["ptq"]["mseCandidates"]
        fracs = torch.tensor([(i + 1) / k for i in range(k)], dtype=torch.float32, device=w.device)
        candidates = lambda i: torch.clamp(big * fracs[i] / p, min=floor)
        errors = torch.stack([(w - quant_dequant(w, candidates(i), 0.0, n, p)).square().sum(dim=dims, keepdim=True)
                              for i in range(k)])
        big = big * fracs[errors.argmin(dim=0)]
    scale = torch.clamp(big / p, min=floor)
    return scale, torch.zeros_like(scale)


def asymmetric_coefficients(n, p, device):
    """Candidate ranges r_k = (k / K) max|x| shifted by j grid steps, j = 0, 1, -1, ..., as the lab."""
    levels, k = p - n, RECIPE["ptq"]["mseCandidates"]
    skews = [0] + [s for j in range(1, (levels + 1) // 4) for s in (j, -j)]
    lo = [(i / k) * (-1 + 2 * j / levels) for i in range(1, k + 1) for j in skews]
    hi = [(i / k) * (1 + 2 * j / levels) for i in range(1, k + 1) for j in skews]
    return (torch.tensor(lo, dtype=torch.float32, device=device),
            torch.tensor(hi, dtype=torch.float32, device=device))


def asymmetric_params(w, dims, n, p):
    """${ASYMMETRIC_FORMULA}
    MSE range: ${MSE_ASYMMETRIC_FORMULA}"""
    lo = torch.clamp(w.amin(dim=dims, keepdim=True), max=0)
    hi = torch.clamp(w.amax(dim=dims, keepdim=True), min=0)
    if RECIPE["ptq"]["range"] == "mse":
        big = torch.maximum(-lo, hi)
        lo_c, hi_c = asymmetric_coefficients(n, p, w.device)
        ranges = lambda i: (torch.maximum(big * lo_c[i], lo), torch.minimum(big * hi_c[i], hi))
        errors = []
        for i in range(len(lo_c)):
            scale, zero = affine_from_range(*ranges(i), n, p)
            errors.append((w - quant_dequant(w, scale, zero, n, p)).square().sum(dim=dims, keepdim=True))
        best = torch.stack(errors).argmin(dim=0)
        lo, hi = torch.maximum(big * lo_c[best], lo), torch.minimum(big * hi_c[best], hi)
    return affine_from_range(lo, hi, n, p)


def quantize_kernel(w, bits):
    n, p = ptq_grid(bits)
    dims = reduce_dims(w)
    params = asymmetric_params if RECIPE["ptq"]["scheme"] == "asymmetric" else symmetric_params
    return quant_dequant(w, *params(w, dims, n, p), n, p)


@torch.no_grad()
def ptq_kernels(model, bits):
    """Every weight layer's kernel quantized at bits as deployed: BN folded into the conv
    (W * g, g = gamma / sqrt(moving_variance + eps)), quantized, then g divided back out, so the
    eval-mode network computes the folded model; the first and last layer at 8 bit when asked."""
    layers = model.weight_layers()
    out = []
    for i, (_, module, bn) in enumerate(layers):
        w = module.weight
        edge = i == 0 or i == len(layers) - 1
        layer_bits = RECIPE["ptq"]["firstLastBits"] if RECIPE["ptq"]["firstLast8"] and edge else bits
        if bn is not None:
            g = bn.gamma / torch.sqrt(bn.moving_variance + RECIPE["bnEpsilon"])
            g = torch.where(g == 0, torch.ones_like(g), g).reshape(-1, 1, 1, 1)
            out.append(quantize_kernel(w * g, layer_bits) / g)
        else:
            out.append(quantize_kernel(w, layer_bits))
    return out


@torch.no_grad()
def ptq_sweep(model, images, labels, limit, device, train_images=None):
    """Test accuracy at W2..W8, the model's own weights kept. Activations in float (A32), or with
    RECIPE["ptq"]["actBits"] every weight layer's input but the image's at that width, its range
    calibrated per width on training images (calibrate_inputs)."""
    kept = [w.detach().clone() for _, w in model.kernels()]
    act_bits = RECIPE["ptq"]["actBits"]
    if act_bits and train_images is None:
        fail("quantized activations need training images to calibrate on")
    points = []
    for bits in RECIPE["ptq"]["bitWidths"]:
        for (_, w), q in zip(model.kernels(), ptq_kernels(model, bits)):
            w.copy_(q)
        hooks = input_quantizers(model, calibrate_inputs(model, train_images, act_bits, device)) if act_bits else []
        try:
            accuracy = evaluate(model, images, labels, limit, device)
        finally:
            for handle in hooks:
                handle.remove()
        points.append({"bits": bits, "label": f"W{bits}A{act_bits or 32}", "accuracy": accuracy})
        for (_, w), k in zip(model.kernels(), kept):
            w.copy_(k)
    return points
`;
