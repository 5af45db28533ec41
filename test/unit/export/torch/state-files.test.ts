// The --with-state files: little-endian float32 per variable and batch, and their manifest.
import { describe, expect, test } from 'vitest';
import { STATE_FORMAT, stateFiles } from '../../../../src/engine/export/torch/state-files';

describe('stateFiles', () => {
  const kernel = {
    name: 'conv1/kernel',
    shape: [3, 3, 1, 2],
    values: new Float32Array(18).fill(0.5),
  };
  const batch = {
    shape: [2, 2, 2, 1] as const,
    images: Float32Array.from([0, 0.25, 0.5, 1, 1, 0.5, 0.25, 0]),
    labels: [3, 9],
  };

  test('writes a manifest naming every file with its lab-layout shape', () => {
    const files = stateFiles([kernel], [batch]);
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
    expect(manifest).toEqual({
      format: STATE_FORMAT,
      tensors: [{ name: 'conv1/kernel', file: 'var-0.f32', shape: [3, 3, 1, 2] }],
      batches: [
        { images: 'batch-0-images.f32', labels: 'batch-0-labels.f32', shape: [2, 2, 2, 1] },
      ],
    });
  });

  test('stores little-endian float32, labels included', () => {
    const files = stateFiles([kernel], [batch]);
    const read = (name: string) => {
      const bytes = files.get(name)!;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
    };
    expect(read('var-0.f32')).toEqual(Array(18).fill(0.5));
    expect(read('batch-0-images.f32')).toEqual(Array.from(batch.images));
    expect(read('batch-0-labels.f32')).toEqual([3, 9]);
  });

  test('refuses values that do not fill their shape', () => {
    expect(() => stateFiles([{ ...kernel, shape: [3, 3, 1, 4] }], [])).toThrowError(
      /conv1\/kernel: 18 values, its shape holds 36/,
    );
  });
});
