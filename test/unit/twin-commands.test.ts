import { beforeEach, describe, expect, test } from 'vitest';
import type { EngineCommands } from '../../src/store/engine-bridge';
import { useLab } from '../../src/store/lab-store';
import { twinCommands } from '../../src/store/twin-commands';
import { initialRunState } from '../../src/store/run-state';

/** Commands that log their name with a tag. */
function logging(tag: string, log: string[]): EngineCommands {
  const cmd = (name: string) => () => void log.push(`${tag}:${name}`);
  return {
    start: cmd('start'),
    pause: cmd('pause'),
    resume: cmd('resume'),
    stepOnce: cmd('step'),
    reset: cmd('reset'),
    probe: cmd('probe'),
    runPtq: cmd('ptq'),
    reestimateBn: cmd('bn'),
    measureSensitivity: (bits) => void log.push(`${tag}:sensitivity${bits}`),
    restart: cmd('restart'),
    simulateFault: (fault) => void log.push(`${tag}:fault-${fault}`),
    exportWeights: (bits) => void log.push(`${tag}:export${bits}`),
    useSpeedTrials: cmd('speed-trials'),
  };
}

describe('twin commands', () => {
  let log: string[];
  let created: number;
  let commands: EngineCommands;
  beforeEach(() => {
    log = [];
    created = 0;
    useLab.setState({ twin: { on: false, overrides: {} }, runB: initialRunState() });
    commands = twinCommands(logging('a', log), () => {
      created += 1;
      return logging('b', log);
    });
  });

  test('with the twin off only A hears commands and B is never created', () => {
    commands.start();
    commands.pause();
    commands.reset();
    expect(log).toEqual(['a:start', 'a:pause', 'a:reset']);
    expect(created).toBe(0);
  });

  test('with the twin on both hear every command, B created once; weights come from A', () => {
    useLab.setState({ twin: { on: true, overrides: { kure: 'on' } } });
    commands.probe();
    commands.start();
    commands.runPtq();
    commands.reestimateBn();
    commands.measureSensitivity(3);
    commands.exportWeights(4);
    expect(log).toEqual([
      'a:probe',
      'b:probe',
      'a:start',
      'b:start',
      'a:ptq',
      'b:ptq',
      'a:bn',
      'b:bn',
      'a:sensitivity3',
      'b:sensitivity3',
      'a:export4',
    ]);
    expect(created).toBe(1);
  });

  test('turning the twin off still pauses and resets a B that exists, but starts only A', () => {
    useLab.setState({ twin: { on: true, overrides: {} } });
    commands.start();
    useLab.setState({ twin: { on: false, overrides: {} } });
    log.length = 0;
    commands.pause();
    commands.reset();
    commands.start();
    expect(log).toEqual(['a:pause', 'b:pause', 'a:reset', 'b:reset', 'a:start']);
  });

  test('a B worker that cannot start is reported on run B; A still trains', () => {
    useLab.setState({ twin: { on: true, overrides: {} } });
    const failing = twinCommands(logging('a', log), () => {
      throw new Error('no workers here');
    });
    failing.start();
    expect(log).toEqual(['a:start']);
    expect(useLab.getState().runB.error?.message).toMatch(/Twin B.*no workers here/);
  });
});
