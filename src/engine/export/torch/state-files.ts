/**
 * The `--with-state` files: the lab's initial variables and first batches as raw little-endian
 * float32 (train.py reads them with torch.frombuffer, no numpy), and a JSON manifest. Pure: the
 * caller reads the tensors and writes the files.
 */

/** One variable in the lab's layout (conv HWIO, dense [in, out]), named as train.py names it. */
export interface NamedArray {
  name: string;
  shape: readonly number[];
  values: Float32Array;
}

/** One training batch: NHWC images in [0, 1] and their class labels. */
export interface StateBatch {
  /** [batch, height, width, channels]. */
  shape: readonly [number, number, number, number];
  images: Float32Array;
  labels: ArrayLike<number>;
}

/** The manifest format version train.py reads. */
export const STATE_FORMAT = 'quantlab-torch-state/1';

/** Folder of the state files, next to train.py. */
export const STATE_DIR = 'state';

/** File name -> bytes, manifest.json included; every name is relative to {@link STATE_DIR}. */
export function stateFiles(
  variables: readonly NamedArray[],
  batches: readonly StateBatch[],
  calibration?: StateBatch,
): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const tensors = variables.map((v, i) => {
    const file = `var-${i}.f32`;
    files.set(file, littleEndian(v.values, size(v.shape), v.name));
    return { name: v.name, file, shape: [...v.shape] };
  });
  const batchEntries = batches.map((b, i) => {
    const [images, labels] = [`batch-${i}-images.f32`, `batch-${i}-labels.f32`];
    files.set(images, littleEndian(b.images, size(b.shape), `batch ${i} images`));
    // Class ids are small integers, exact in float32: one format for every file.
    files.set(labels, littleEndian(Float32Array.from(b.labels), b.shape[0], `batch ${i} labels`));
    return { images, labels, shape: [...b.shape] };
  });
  const manifest = {
    format: STATE_FORMAT,
    tensors,
    batches: batchEntries,
    ...(calibration && { calibration: calibrationEntry(files, calibration) }),
  };
  files.set('manifest.json', new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return files;
}

/** The calibration images QAT initialises its activation quantizers on (no labels). */
function calibrationEntry(files: Map<string, Uint8Array>, batch: StateBatch) {
  const images = 'calibration-images.f32';
  files.set(images, littleEndian(batch.images, size(batch.shape), 'calibration images'));
  return { images, shape: [...batch.shape] };
}

const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** `values` as little-endian float32 bytes, whatever the host's byte order. */
function littleEndian(values: Float32Array, expected: number, what: string): Uint8Array {
  if (values.length !== expected) {
    throw new Error(`${what}: ${values.length} values, its shape holds ${expected}`);
  }
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}
