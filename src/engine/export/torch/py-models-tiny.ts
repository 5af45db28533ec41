/**
 * train.py's MobileNet-tiny and ResNet-tiny (src/engine/models/mobilenet-tiny.ts, resnet-tiny.ts)
 * and `build_model()`, the one factory the Recipe class calls. Every model answers the same
 * interface as SmallCnn (LabModel): `weight_layers()`, `kernels()`, `lab_variables()`, `load_lab()`.
 */
export const PY_MODELS_TINY = String.raw`
def same_padding(size, kernel, stride):
    """TensorFlow's 'same' padding of one axis: out = ceil(size / stride), and the padding
    (out - 1) stride + kernel - size split with the odd pixel at the end (bottom, right).
    torch's padding=k//2 pads both sides equally, which shifts every stride-2 output by a pixel."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SameConv2d(nn.Conv2d):
    """tf.conv2d / tf.depthwiseConv2d with 'same' padding and no bias. Depthwise: groups = C_in,
    so the kernel is [C_in * multiplier, 1, k, k] (output channel c * multiplier + m, as tf)."""

    def __init__(self, in_channels, out_channels, size, stride, depthwise=False):
        super().__init__(in_channels, out_channels, size, stride=stride, bias=False,
                         groups=in_channels if depthwise else 1)
        self.depthwise = depthwise

    def forward(self, x, weight=None):
        """With weight (e.g. QAT's fake-quantized kernel) in place of the layer's own."""
        k, s = self.kernel_size[0], self.stride[0]
        top, bottom = same_padding(x.shape[2], k, s)
        left, right = same_padding(x.shape[3], k, s)
        w = self.weight if weight is None else weight
        if LAB_ARITHMETIC["on"]:
            return lab_conv2d(x, w, s, (left, right, top, bottom), self.groups)
        return F.conv2d(F.pad(x, (left, right, top, bottom)), w, None, self.stride, 0, 1, self.groups)

    def layout(self):
        """(to_lab, from_lab): conv OIHW <-> HWIO; depthwise [C * m, 1, h, w] <-> [h, w, C, m]."""
        if not self.depthwise:
            return lambda t: t.permute(2, 3, 1, 0), lambda t: t.permute(3, 2, 0, 1)
        c, (h, w) = self.in_channels, self.kernel_size
        m = self.out_channels // c
        return (lambda t: t.reshape(c, m, h, w).permute(2, 3, 0, 1),
                lambda t: t.permute(2, 3, 0, 1).reshape(c * m, 1, h, w))


def activate(x):
    """src/engine/models/activations.ts: relu, relu6 = min(max(0, x), 6), swish = x sigmoid(x)."""
    name = RECIPE["model"]["activation"]
    if name == "relu6":
        return F.relu6(x)
    if name == "swish":
        return x * (lab_sigmoid(x) if LAB_ARITHMETIC["on"] else torch.sigmoid(x))
    return F.relu(x)


class ConvBn(nn.Module):
    """A conv (or depthwise conv) and the batch norm after it; no activation (layers.ts ConvBn)."""

    def __init__(self, name, size, in_channels, out_channels, stride, depthwise=False):
        super().__init__()
        self.name = name
        self.conv = SameConv2d(in_channels, out_channels, size, stride, depthwise)
        self.bn = LabBatchNorm(out_channels)

    def forward(self, x, hooks=None, index=0):
        """hooks (QAT's fake quantizers) see the conv's input and kernel as weight layer index."""
        if hooks is None:
            return self.bn(self.conv(x))
        return self.bn(self.conv(hooks.input(index, x), hooks.weight(index, self.conv.weight)))


class TinyNet(LabModel):
    """What MobileNet-tiny and ResNet-tiny share: conv-BN units in the lab's layer order, a global
    average pool and a dense head; the lab's initialisers and variable names (lab_state.ts)."""

    def finish(self, units, channels):
        self.units = nn.ModuleList(units)
        self.dense = nn.Linear(channels, RECIPE["numClasses"])
        self.reset_parameters()

    def reset_parameters(self):
        """He-normal kernels, std = sqrt(2 / fan_in) with fan_in = k * k * C_in (k * k for a
        depthwise kernel: each output sees one input channel); Glorot-uniform dense, zero bias.
        Same laws, not the same draws as tfjs: pass --state for the lab's own initial weights."""
        for unit in self.units:
            nn.init.normal_(unit.conv.weight, 0.0, math.sqrt(2 / unit.conv.weight[0].numel()))
        fan_out, fan_in = self.dense.weight.shape
        limit = math.sqrt(6 / (fan_in + fan_out))
        nn.init.uniform_(self.dense.weight, -limit, limit)
        nn.init.zeros_(self.dense.bias)

    def unit(self, i, x, hooks):
        return self.units[i](x, hooks, i)

    def head(self, x, hooks):
        # Global average pool: NCHW -> [N, C].
        x = lab_mean(x, (2, 3)) if LAB_ARITHMETIC["on"] else x.mean(dim=(2, 3))
        if hooks is None:
            return self.dense(x)
        i = len(self.units)
        return F.linear(hooks.input(i, x), hooks.weight(i, self.dense.weight), self.dense.bias)

    def weight_layers(self):
        """(name, module, batch norm or None) of every weight layer, in the lab's layer order."""
        return [(u.name, u.conv, u.bn) for u in self.units] + [("dense", self.dense, None)]

    def lab_variables(self):
        """Each lab variable name with (torch tensor, to_lab, from_lab) layout conversions."""
        same = (lambda t: t, lambda t: t)
        out = {}
        for u in self.units:
            out[f"{u.name}/kernel"] = (u.conv.weight, *u.conv.layout())
            for key, value in (("gamma", u.bn.gamma), ("beta", u.bn.beta), ("moving_mean", u.bn.moving_mean),
                               ("moving_variance", u.bn.moving_variance)):
                out[f"{u.name}/bn/{key}"] = (value, *same)
        out["dense/kernel"] = (self.dense.weight, lambda t: t.t(), lambda t: t.t())
        out["dense/bias"] = (self.dense.bias, *same)
        return out


class MobileNetTiny(TinyNet):
    """src/engine/models/mobilenet-tiny.ts: conv3x3-BN-act stem; per block depthwise 3x3-BN-act at
    the block's stride, pointwise 1x1-BN-act; global average pool; dense to the logits."""

    def __init__(self):
        super().__init__()
        spec = RECIPE["model"]
        units = [ConvBn("stem", 3, RECIPE["inChannels"], spec["stemChannels"], spec["stemStride"])]
        channels = spec["stemChannels"]
        for i, block in enumerate(spec["blocks"]):
            units.append(ConvBn(f"block{i + 1}/dw", 3, channels, channels, block["stride"], depthwise=True))
            units.append(ConvBn(f"block{i + 1}/pw", 1, channels, block["channels"], 1))
            channels = block["channels"]
        self.finish(units, channels)

    def forward(self, x, hooks=None):
        """hooks: as SmallCnn.forward's, by weight layer index."""
        for i in range(len(self.units)):
            x = activate(self.unit(i, x, hooks))
        return self.head(x, hooks)


class ResNetTiny(TinyNet):
    """src/engine/models/resnet-tiny.ts: conv3x3-BN-act stem; basic blocks
    act(BN(conv2(act(BN(conv1(x))))) + skip(x)), skip = x or BN(conv1x1(x)) where the block changes
    size or channels; global average pool; dense to the logits. Layer order: stem, then per block
    conv1, conv2, proj."""

    def __init__(self):
        super().__init__()
        spec = RECIPE["model"]
        units = [ConvBn("stem", 3, RECIPE["inChannels"], spec["stemChannels"], spec["stemStride"])]
        channels = spec["stemChannels"]
        self.blocks = []  # per block (conv1, conv2, proj or None) as indices into units
        for i, block in enumerate(spec["blocks"]):
            name, out, stride = f"block{i + 1}", block["channels"], block["stride"]
            first = len(units)
            units.append(ConvBn(f"{name}/conv1", 3, channels, out, stride))
            units.append(ConvBn(f"{name}/conv2", 3, out, out, 1))
            proj = None
            if stride != 1 or channels != out:
                proj = len(units)
                units.append(ConvBn(f"{name}/proj", 1, channels, out, stride))
            self.blocks.append((first, first + 1, proj))
            channels = out
        self.finish(units, channels)

    def forward(self, x, hooks=None):
        """hooks: as SmallCnn.forward's; the projection after the main path, as the lab's order."""
        x = activate(self.unit(0, x, hooks))
        for conv1, conv2, proj in self.blocks:
            main = self.unit(conv2, activate(self.unit(conv1, x, hooks)), hooks)
            x = activate(main + (x if proj is None else self.unit(proj, x, hooks)))
        return self.head(x, hooks)


def build_model():
    """The recipe's model (src/engine/models/registry.ts), or --model's, freshly initialised."""
    name = RECIPE["model"]["name"]
    if RECIPE["model"].get("torchvision"):
        return TorchvisionNet(name)
    if name == "mobilenet-tiny":
        return MobileNetTiny()
    if name == "resnet-tiny":
        return ResNetTiny()
    return SmallCnn()
`;
