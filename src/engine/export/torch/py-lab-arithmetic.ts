/**
 * train.py's "lab arithmetic" for the cross-check (--check): the convolution and batch norm
 * rounded as tfjs's CPU kernels round them, so a quantized network's forward pass is the lab's
 * bit for bit. Quantized weights (and activations) make many conv outputs exactly equal in exact
 * arithmetic (sums of the same integer multiples); float32 rounding noise then decides which
 * of the tied values max-pooling picks, and with it where the gradient goes: two correct
 * implementations that sum in different orders disagree by percents on the upstream gradients.
 * Summing in the lab's order removes that noise. Training uses torch's own kernels.
 */
export const PY_LAB_ARITHMETIC = String.raw`
LAB_ARITHMETIC = {"on": False}  # set by --check


def conv2d_same(x, w):
    """3x3 conv, stride 1, 'same' zero padding: torch's kernel, or under --check the lab's."""
    return lab_conv2d(x, w) if LAB_ARITHMETIC["on"] else F.conv2d(x, w, padding=1)


def lab_conv2d(x, w, stride=1, pads=(1, 1, 1, 1), groups=1):
    """tfjs-backend-cpu Conv2D's (and DepthwiseConv2dNative's) summation: per output,
    y <- float32(y + x * w) over the taps in the order kernel row, kernel column, input channel
    (the product exact in float64, so each step rounds as the lab's Float32Array accumulator
    does); padded taps add nothing. pads: (left, right, top, bottom) as F.pad; groups = C_in for a
    depthwise kernel, whose output channel o reads input channel o // multiplier."""
    xp = F.pad(x, pads).double()
    wd = w.double()
    out_channels, per_group, rows, cols = w.shape
    height = (xp.shape[2] - rows) // stride + 1
    width = (xp.shape[3] - cols) // stride + 1
    first = torch.arange(out_channels, device=x.device) // (out_channels // groups) * per_group
    y = x.new_zeros(x.shape[0], out_channels, height, width)
    for r in range(rows):
        for c in range(cols):
            window = xp[:, :, r:r + stride * (height - 1) + 1:stride, c:c + stride * (width - 1) + 1:stride]
            for d in range(per_group):
                tap = window[:, first + d] * wd[:, d, r, c].reshape(1, -1, 1, 1)
                y = (y.double() + tap).float()
    return y


def lab_sigmoid(x):
    """tf.sigmoid on the CPU: 1 / (1 + exp(-x)) in float64, rounded once to float32."""
    return (1 / (1 + torch.exp(-x.double()))).float()


def lab_mean(x, dims):
    """tf.mean on the CPU: x / N in float32, then a float64 sum rounded to float32."""
    count = math.prod(x.shape[d] for d in dims)
    return (x / count).double().sum(dim=dims).float()


def lab_moments(x):
    """tf.moments over N, H, W: the mean, then the mean of (x - mean)^2 (float32 elementwise)."""
    mean = lab_mean(x, (0, 2, 3))
    return mean, lab_mean((x - mean.reshape(1, -1, 1, 1)).square(), (0, 2, 3))


def lab_normalize(x, mean, var, gamma, beta, eps):
    """tf.batchNorm4d on the CPU: beta + (x - mean) * gamma / sqrt(var + eps) in float64, rounded
    once to float32."""
    shape = (1, -1, 1, 1)
    d = lambda t: t.double().reshape(shape)
    return (d(beta) + (x.double() - d(mean)) * d(gamma) / torch.sqrt(d(var) + eps)).float()
`;
