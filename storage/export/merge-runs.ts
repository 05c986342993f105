/**
 * Merging sorted runs as they arrive, for exports that read a list in chunks and must write it in order.
 * Runs of about the same size are merged as soon as they meet, as the carries of a binary counter, so
 * most of the merging happens while later runs are still being read and little is left for the end.
 */
export class RunMerger<T> {
  /** Sorted runs, each at most half the size of the one below it. */
  private readonly runs: T[][] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  /** Adds a run, which must already be sorted by `compare`. */
  add(run: T[]): void {
    let merged = run;
    while (this.runs.length > 0 && this.runs.at(-1)!.length <= merged.length) {
      merged = mergeTwo(this.runs.pop()!, merged, this.compare);
    }
    this.runs.push(merged);
  }

  /** Every item added, in order. Items that compare equal keep the order they were added in. */
  result(): T[] {
    let merged: T[] = [];
    while (this.runs.length > 0) merged = mergeTwo(this.runs.pop()!, merged, this.compare);
    return merged;
  }
}

/** `a` and `b` merged; on a tie `a`'s item first. */
function mergeTwo<T>(a: T[], b: T[], compare: (a: T, b: T) => number): T[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
