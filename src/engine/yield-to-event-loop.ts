/**
 * Let queued messages (pause, reset) run between training steps. setTimeout(0) is clamped to
 * 4 ms once nested, which would cap a fast GPU loop at 250 steps/s; a MessageChannel is not.
 */
export function yieldToEventLoop(): Promise<void> {
  // Node has setImmediate (an open MessagePort would keep its process alive); browsers do not.
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => void }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
