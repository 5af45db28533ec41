/** train.py's data: the lab's .qlds assets, its seeded batch order, and --with-state files. */
export const PY_DATA = String.raw`
QLDS_MAGIC = b"QLDS"
QLDS_HEADER = 32


def read_qlds(path):
    """The lab's data asset (src/engine/data/dataset-format.ts): gzip of a 32-byte header, then
    train pixels, train labels, test pixels, test labels, all uint8."""
    if not os.path.isfile(path):
        fail(f"--data {path}: no such file (pass the lab's public/data/{RECIPE['dataset']}.qlds)")
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if raw[:4] != QLDS_MAGIC:
        fail(f"--data {path}: not a QuantLab data asset")
    n_train, n_test, rows, cols, channels, classes = struct.unpack_from("<IIHHHH", raw, 8)
    if (rows, cols, classes) != (RECIPE["imageSize"], RECIPE["imageSize"], RECIPE["numClasses"]):
        fail(f"--data {path}: {rows}x{cols} images of {classes} classes, the recipe needs "
             f"{RECIPE['imageSize']}x{RECIPE['imageSize']} of {RECIPE['numClasses']}")
    data = torch.frombuffer(bytearray(raw), dtype=torch.uint8)
    pixels = rows * cols
    offset = QLDS_HEADER

    def take(n):
        nonlocal offset
        out = data[offset:offset + n]
        offset += n
        return out

    def split(count):
        # NHWC [N, H, W, 1] in [0, 1] as the lab stores it, then NCHW for torch's conv2d.
        images = take(count * pixels).float().div(255).reshape(count, rows, cols, 1)
        return images.permute(0, 3, 1, 2).contiguous(), take(count).long()

    return split(n_train), split(n_test)


def mulberry32(seed):
    """The lab's seeded generator (src/engine/random.ts), bit for bit: floats in [0, 1)."""
    a = seed & 0xFFFFFFFF

    def next_float():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = ((a ^ (a >> 15)) * (a | 1)) & 0xFFFFFFFF
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return next_float


def lab_batches(count, batch_size, seed):
    """The lab's BatchSampler: one Fisher-Yates permutation per epoch, the last partial batch
    dropped, so the same seed gives the same batches in the same order."""
    random = mulberry32(seed)
    while True:
        order = list(range(count))
        for i in range(count - 1, 0, -1):
            j = math.floor(random() * (i + 1))
            order[i], order[j] = order[j], order[i]
        for start in range(0, count - batch_size + 1, batch_size):
            yield torch.tensor(order[start:start + batch_size])


def read_f32(path, shape):
    """Little-endian float32 written by the lab's --with-state, as a torch tensor."""
    with open(path, "rb") as f:
        raw = bytearray(f.read())
    if sys.byteorder != "little":
        fail("--state files are little-endian float32; this machine is big-endian")
    return torch.frombuffer(raw, dtype=torch.float32).reshape(shape).clone()


def read_state(folder):
    """manifest.json: the lab's initial variables (lab layouts: conv HWIO, dense [in, out]), its
    first batches (NHWC images, int labels) and, for QAT, its calibration images (or None)."""
    path = os.path.join(folder, "manifest.json")
    if not os.path.isfile(path):
        fail(f"--state {folder}: no manifest.json (export with --with-state)")
    with open(path) as f:
        manifest = json.load(f)
    tensors = {t["name"]: read_f32(os.path.join(folder, t["file"]), t["shape"]) for t in manifest["tensors"]}
    batches = []
    for b in manifest["batches"]:
        images = read_f32(os.path.join(folder, b["images"]), b["shape"]).permute(0, 3, 1, 2).contiguous()
        labels = read_f32(os.path.join(folder, b["labels"]), [b["shape"][0]]).long()
        batches.append((images, labels))
    calibration = manifest.get("calibration")
    if calibration is not None:
        calibration = read_f32(os.path.join(folder, calibration["images"]), calibration["shape"])
        calibration = calibration.permute(0, 3, 1, 2).contiguous()
    return tensors, batches, calibration
`;
