/**
 * train.py's quantized activations in the PTQ sweep (ptqActBits; methods.md 1.5 step 3), as
 * src/engine/training/ptq-sweep.ts calibrates and applies them.
 */
export const PY_PTQ_ACTS = String.raw`
def input_bits(i, count, bits):
    """Activation bits of weight layer i's input: the first/last-at-8-bit rule (bits.ts
    bitsForLayer); the image (layer 0's input) stays float."""
    edge = i == 0 or i == count - 1
    return RECIPE["ptq"]["firstLastBits"] if RECIPE["ptq"]["firstLast8"] and edge else bits


def input_quantizers(model, params):
    """Forward pre-hooks that fake-quantize the input of every weight layer in params
    (index -> scale, zero point, n, p); returns their handles."""
    modules = [module for _, module, _ in model.weight_layers()]

    def quantize(i):
        return lambda _, inputs: (quant_dequant(inputs[0], *params[i]),) + tuple(inputs[1:])

    return [modules[i].register_forward_pre_hook(quantize(i)) for i in params]


@torch.no_grad()
def calibrate_inputs(model, train_images, bits, device):
    """Fixed asymmetric per-tensor min-max ranges (unsigned grid [0, 2^b - 1], the range widened
    to contain 0) of every weight layer's input but the image's, from one eval-mode pass of the
    first RECIPE["ptq"]["calibrationImages"] training images through the weight-quantized model;
    each input is quantized as soon as its range is set, so later layers see quantized inputs."""
    layers = model.weight_layers()
    params = {}

    def calibrate(i):
        def hook(_, inputs):
            n, p = 0, 2 ** input_bits(i, len(layers), bits) - 1
            x = inputs[0]
            lo, hi = torch.clamp(x.amin(), max=0), torch.clamp(x.amax(), min=0)
            params[i] = (*affine_from_range(lo, hi, n, p), n, p)
            return (quant_dequant(x, *params[i]),) + tuple(inputs[1:])
        return hook

    handles = [module.register_forward_pre_hook(calibrate(i)) for i, (_, module, _) in enumerate(layers) if i > 0]
    training = model.training
    model.eval()
    try:
        model(train_images[:RECIPE["ptq"]["calibrationImages"]].to(device))
    finally:
        for handle in handles:
            handle.remove()
        model.train(training)
    return params
`;
