/** Output of the bench: figures as JSON lines on stdout (STYLE.md §10), everything else on stderr. */

export type Figure = { name: string } & Record<string, string | number | boolean>;

let emitting = true;

/** After an interrupt no more figures are printed: measurements still running are cut short and wrong. */
export function stopEmitting(): void {
  emitting = false;
}

export function emit(figure: Figure): void {
  if (!emitting) return;
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

const started = Date.now();

/** A progress line on stderr, stamped with the seconds since the run started. */
export function log(message: string): void {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);
}

/** Rounds to `digits` decimals (figures stay readable and comparable). */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** ours ÷ baseline, or 0 when the baseline measured nothing. */
export function ratio(ours: number, baseline: number): number {
  return baseline > 0 ? round(ours / baseline, 2) : 0;
}
