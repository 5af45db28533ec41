import { describe, expect, test } from 'vitest';
import { torchPeerText, type TorchTiming } from '../../scripts/lib/torch-peer';

const timing: TorchTiming = {
  torch: '1.13.0',
  batch: 64,
  threads: 2,
  ms: 8,
  msOneThread: 12,
  runs: [
    { threads: 2, ms: 7 },
    { threads: 1, ms: 12 },
    { threads: 2, ms: 9 },
    { threads: 1, ms: 12 },
  ],
  warmup: 5,
  measured: 16,
};

describe("bench:cpu's PyTorch peer", () => {
  test('the fast step over PyTorch: 40 / 8 = 5.0x meets the target, 40 / 12 on one thread', () => {
    const text = torchPeerText({ ok: true, timing }, 40);
    expect(text).toContain('8.0 ms/step on 2 threads (all cores), 12.0 ms on one');
    expect(text).toContain('ms (threads): 7.0 (2), 12.0 (1), 9.0 (2), 12.0 (1))');
    expect(text).toContain("**5.0x** PyTorch's (target ≤ 5x: met)");
    expect(text).toContain('one thread, as the tfjs CPU backend runs, 3.3x');
  });

  test('over the target it says missed', () => {
    expect(torchPeerText({ ok: true, timing }, 160)).toContain(
      "**20.0x** PyTorch's (target ≤ 5x: missed)",
    );
  });

  test('without torch the bench says why and goes on', () => {
    const why = 'python3 has no torch (apt-get install -y python3-torch)';
    expect(torchPeerText({ ok: false, why }, 40)).toBe(
      `**PyTorch peer**: not measured: ${why}. The other rows do not need it.`,
    );
  });
});
