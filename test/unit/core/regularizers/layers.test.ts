import { expect, test } from 'vitest';
import {
  kureLayerSelection,
  r2LayerSelection,
  type LayerDescriptor,
} from '../../../../src/core/regularizers/layers';

const mobileLike: LayerDescriptor[] = [
  { name: 'fc', kind: 'dense', index: 4 },
  { name: 'dw1', kind: 'depthwise', index: 1 },
  { name: 'conv1', kind: 'conv2d', index: 0 },
  { name: 'pw1', kind: 'conv2d', index: 2 },
  { name: 'dw2', kind: 'depthwise', index: 3 },
];
const names = (ls: LayerDescriptor[]) => ls.map((l) => l.name);

test('KURE: every conv incl. depthwise except the first conv; dense not regularised (methods.md 3.2)', () => {
  expect(names(kureLayerSelection(mobileLike))).toEqual(['dw1', 'pw1', 'dw2']);
});

test('KURE layer choices: every conv, or every weight layer, in forward order', () => {
  expect(names(kureLayerSelection(mobileLike, 'all-convs'))).toEqual([
    'conv1',
    'dw1',
    'pw1',
    'dw2',
  ]);
  expect(names(kureLayerSelection(mobileLike, 'all'))).toEqual([
    'conv1',
    'dw1',
    'pw1',
    'dw2',
    'fc',
  ]);
});

test('KURE: "first conv" is the lowest-index conv of either kind', () => {
  const dwFirst: LayerDescriptor[] = [
    { name: 'conv2d', kind: 'conv2d', index: 5 },
    { name: 'dw', kind: 'depthwise', index: 2 },
  ];
  expect(names(kureLayerSelection(dwFirst))).toEqual(['conv2d']);
});

test('KURE: a one-conv or dense-only model has no regularised layer', () => {
  expect(kureLayerSelection([{ name: 'c', kind: 'conv2d', index: 0 }])).toEqual([]);
  expect(kureLayerSelection([{ name: 'fc', kind: 'dense', index: 0 }])).toEqual([]);
  expect(kureLayerSelection([])).toEqual([]);
});

test('R2: every conv, depthwise and dense kernel, in forward order ([LAB] methods.md 2.3)', () => {
  expect(names(r2LayerSelection(mobileLike))).toEqual(['conv1', 'dw1', 'pw1', 'dw2', 'fc']);
  // The input list is not reordered in place.
  expect(mobileLike[0]!.name).toBe('fc');
});

test('duplicate or invalid indices are rejected', () => {
  const dup: LayerDescriptor[] = [
    { name: 'a', kind: 'conv2d', index: 0 },
    { name: 'b', kind: 'conv2d', index: 0 },
  ];
  expect(() => kureLayerSelection(dup)).toThrowError(/index 0 is used twice/);
  expect(() => r2LayerSelection(dup)).toThrowError(/used twice/);
  expect(() => kureLayerSelection([{ name: 'x', kind: 'conv2d', index: 1.5 }])).toThrowError(
    /integer/,
  );
});
