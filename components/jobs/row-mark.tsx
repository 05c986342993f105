/** A small mark in a table row whose label (as its accessible name and tooltip) says what happened. */
export function RowMark({
  label,
  failed,
  symbol,
  testId,
}: {
  label: string;
  failed: boolean;
  symbol: string;
  testId: string;
}) {
  return (
    <span
      class={failed ? 'enrichment-mark is-failed' : 'enrichment-mark'}
      role="img"
      aria-label={label}
      title={label}
      data-testid={testId}
    >
      {symbol}
    </span>
  );
}
