import { log } from './report.ts';

/** Things to undo at the end of the run (children, pools, databases), newest first, also on errors. */
const cleanups: Array<{ label: string; run: () => Promise<void> }> = [];

/** Registers `run`; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(label: string, run: () => Promise<void>): () => Promise<void> {
  const entry = { label, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index === -1) return;
    cleanups.splice(index, 1);
    await run();
  };
}

/** Runs every registered cleanup, newest first; a failing one is logged and the rest still run. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const entry = cleanups.pop()!;
    try {
      await entry.run();
    } catch (error) {
      log(`cleanup of ${entry.label} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
