/**
 * train.py's `--data imagefolder:<dir>`: a user's own images in torchvision's ImageFolder layout,
 * <dir>/train/<class>/*.png|jpg and <dir>/test/<class>/*, as the lab's tensors.
 */
export const PY_IMAGEFOLDER = String.raw`
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")
IMAGEFOLDER = "imagefolder:"


def read_data(path):
    """--data: the lab's .qlds asset, or imagefolder:<dir>."""
    return read_imagefolder(path[len(IMAGEFOLDER):]) if path.startswith(IMAGEFOLDER) else read_qlds(path)


def image_decoder():
    """uint8 [H, W, C] of an image file with C = RECIPE["inChannels"] (1: grayscale, 3: RGB):
    torchvision.io when it is installed, else Pillow, else a clear error."""
    gray = RECIPE["inChannels"] == 1
    try:
        from torchvision.io import ImageReadMode, read_image
        mode = ImageReadMode.GRAY if gray else ImageReadMode.RGB
        return lambda file: read_image(file, mode).permute(1, 2, 0)
    except ImportError:
        pass
    try:
        from PIL import Image
    except ImportError:
        fail("--data imagefolder: decoding images needs torchvision or Pillow (pip install pillow)")

    def decode(file):
        with Image.open(file) as image:
            image = image.convert("L" if gray else "RGB")
            raw = torch.frombuffer(bytearray(image.tobytes()), dtype=torch.uint8)
            return raw.reshape(image.height, image.width, -1)
    return decode


def read_image_split(folder, classes, decode):
    """One split: every image under folder/<class>/, resized (bilinear) to the recipe's size,
    NCHW in [0, 1], and its class index (the class folders' sorted order, as ImageFolder)."""
    size = RECIPE["imageSize"]
    images, labels = [], []
    for index, name in enumerate(classes):
        files = sorted(f for f in os.listdir(os.path.join(folder, name)) if f.lower().endswith(IMAGE_EXTENSIONS))
        for file in files:
            try:
                pixels = decode(os.path.join(folder, name, file))
            except Exception as error:  # any decoder's complaint, as one line
                fail(f"--data imagefolder: cannot decode {os.path.join(folder, name, file)}: {error}")
            x = pixels.permute(2, 0, 1).unsqueeze(0).float().div(255)
            images.append(F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False))
            labels.append(index)
    if not images:
        fail(f"--data imagefolder: no {'/'.join(IMAGE_EXTENSIONS)} images under {folder}")
    return torch.cat(images).clamp(0, 1), torch.tensor(labels)


def read_imagefolder(root):
    """torchvision's ImageFolder layout: root/train/<class>/* and root/test/<class>/*, one folder
    per class, the classes sorted by name (index 0 first). The model gets one logit per class and
    sees the images at the recipe's size and channel count. Returns (train, test) as read_qlds."""
    splits = [os.path.join(root, split) for split in ("train", "test")]
    missing = [s for s in splits if not os.path.isdir(s)]
    if missing:
        fail(f"--data imagefolder:{root}: no {' or '.join(missing)} (expected {root}/train/<class>/*.png "
             f"and {root}/test/<class>/*.png)")
    classes = sorted(d for d in os.listdir(splits[0]) if os.path.isdir(os.path.join(splits[0], d)))
    if not classes:
        fail(f"--data imagefolder:{root}: {splits[0]} has no class folders")
    extra = sorted(d for d in os.listdir(splits[1]) if os.path.isdir(os.path.join(splits[1], d)) and d not in classes)
    if extra:
        fail(f"--data imagefolder:{root}: test classes {', '.join(extra)} are not among the training classes")
    empty = [c for c in classes if not any(f.lower().endswith(IMAGE_EXTENSIONS) for f in os.listdir(os.path.join(splits[0], c)))]
    if empty:
        fail(f"--data imagefolder:{root}: training class folders without images: {', '.join(empty)}")
    RECIPE["numClasses"] = len(classes)
    decode = image_decoder()
    train = read_image_split(splits[0], classes, decode)
    if len(train[1]) < RECIPE["batchSize"]:
        fail(f"--data imagefolder:{root}: {len(train[1])} training images, fewer than the batch of {RECIPE['batchSize']}")
    test_classes = [c for c in classes if os.path.isdir(os.path.join(splits[1], c))]
    test = read_image_split_as(splits[1], classes, test_classes, decode)
    return train, test


def read_image_split_as(folder, classes, present, decode):
    """read_image_split over the class folders present, labelled by their index among classes."""
    images, labels = read_image_split(folder, present, decode)
    index = torch.tensor([classes.index(c) for c in present])
    return images, index[labels]
`;
