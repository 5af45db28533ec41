/**
 * The bench page: exposes `runBench(plan)`, which runs one suite in a fresh dedicated worker
 * and resolves with its result. Progress lines go to the console (the bench script prints them).
 */
import type { BenchPlan, SuiteResult, WorkerReply } from './bench-types';

/** Run `plan` in a new worker, terminated when it answers. */
function runBench(plan: BenchPlan): Promise<SuiteResult> {
  const worker = new Worker(new URL('./bench-worker.ts', import.meta.url), {
    type: 'module',
    name: 'quantlab-bench',
  });
  return new Promise<SuiteResult>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'log') {
        console.log(`[${plan.backend}] ${reply.line}`);
        return;
      }
      worker.terminate();
      if (reply.type === 'result') resolve(reply.result);
      else reject(new Error(reply.message));
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new Error(`bench worker failed: ${event.message}`));
    });
    worker.postMessage(plan);
  });
}

(globalThis as unknown as { runBench: typeof runBench }).runBench = runBench;
