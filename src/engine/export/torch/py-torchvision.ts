/**
 * train.py's `--model NAME`: another of the lab's models in place of the recipe's, or a
 * torchvision model (only where torchvision is installed) trained with the recipe's techniques.
 */
export const PY_TORCHVISION = String.raw`
def choose_model(name, args):
    """--model: one of the lab's models (RECIPE["labModels"]) in place of the recipe's, or a
    torchvision.models name, which needs torchvision. A torchvision model has no lab weights, so it
    takes neither --state nor the modes built on it."""
    lab = ", ".join(RECIPE["labModels"])
    if name in RECIPE["labModels"]:
        RECIPE["model"] = RECIPE["labModels"][name]
        return
    try:
        import torchvision
    except ImportError:
        fail(f"--model {name}: not one of the lab's models ({lab}); a torchvision model needs torchvision "
             "(pip install torchvision)")
    if name.startswith("_") or not callable(getattr(torchvision.models, name, None)):
        fail(f"--model {name}: neither a lab model ({lab}) nor a model of torchvision {torchvision.__version__}")
    if args.state:
        fail(f"--model {name}: --state holds the lab's weights of {RECIPE['model']['name']}; a torchvision model "
             "starts from its own initialisation (drop --state)")
    RECIPE["model"] = {"name": name, "torchvision": True, "activation": None}


def swap_batch_norms(module):
    """Every nn.BatchNorm2d of module becomes a LabBatchNorm (the lab's statistics update, eps and
    momentum), so BN re-estimation and PTQ's folding treat it as the lab's."""
    for child_name, child in module.named_children():
        if isinstance(child, nn.BatchNorm2d):
            setattr(module, child_name, LabBatchNorm(child.num_features))
        else:
            swap_batch_norms(child)


class TorchvisionNet(LabModel):
    """--model NAME: torchvision.models.NAME(num_classes=...), its own initialisation (no pretrained
    weights: nothing is downloaded), trained with the recipe. Every Conv2d and Linear is a weight
    layer, in module order, that R2, KURE, QAT's and oscillation's hooks and the PTQ sweep see; a
    conv's batch norm is the LabBatchNorm that follows it. Grayscale images are repeated to a
    3-channel stem."""

    def __init__(self, name):
        super().__init__()
        import torchvision
        try:
            self.net = getattr(torchvision.models, name)(num_classes=RECIPE["numClasses"])
        except Exception as error:
            fail(f"--model {name}: torchvision could not build it ({error})")
        swap_batch_norms(self.net)
        self.active = [None]  # the hooks of the forward pass under way
        modules = list(self.net.named_modules())
        self.layers = []
        for k, (path, module) in enumerate(modules):
            if isinstance(module, (nn.Conv2d, nn.Linear)):
                self.layers.append((path.replace(".", "/"), module, following_bn(module, modules[k + 1:])))
                module.forward = self.hooked(len(self.layers) - 1, module)
        if not self.layers:
            fail(f"--model {name}: it has no Conv2d or Linear layer to train")
        self.check_input(name)

    def check_input(self, name):
        size = RECIPE["imageSize"]
        self.eval()
        try:
            with torch.no_grad():
                self(torch.zeros(2, RECIPE["inChannels"], size, size))
        except Exception as error:
            fail(f"--model {name}: it does not take {size}x{size} images ({error})")
        self.train()

    def hooked(self, i, module):
        """module's forward with the active hooks (QAT's quantizers) on its input and kernel."""
        plain = module.forward

        def forward(x):
            hooks = self.active[0]
            if hooks is None:
                return plain(x)
            x, w = hooks.input(i, x), hooks.weight(i, module.weight)
            if isinstance(module, nn.Conv2d):
                return module._conv_forward(x, w, module.bias)
            return F.linear(x, w, module.bias)
        return forward

    def forward(self, x, hooks=None):
        first = self.layers[0][1]
        if x.shape[1] == 1 and isinstance(first, nn.Conv2d) and first.in_channels == 3:
            x = x.expand(-1, 3, -1, -1)
        self.active[0] = hooks
        try:
            out = self.net(x)
        finally:
            self.active[0] = None
        return out.logits if hasattr(out, "logits") else out  # Inception/GoogLeNet in training

    def weight_layers(self):
        return list(self.layers)

    def lab_variables(self):
        """None: the lab has no weights for it (so load_lab fails too)."""
        fail("a torchvision model has no lab variables: --state, --check and --ptq-only need a lab model")


def following_bn(module, rest):
    """The LabBatchNorm right after a conv in module order (before any other weight layer), when its
    channels match; None for a dense layer or a conv without one."""
    if not isinstance(module, nn.Conv2d):
        return None
    for _, later in rest:
        if isinstance(later, LabBatchNorm):
            return later if later.gamma.numel() == module.out_channels else None
        if isinstance(later, (nn.Conv2d, nn.Linear)):
            return None
    return None
`;
