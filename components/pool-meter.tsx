import type { Pool } from '../api-client/contract/billing.ts';
import { formatCredits } from './credit-labels.ts';

interface PoolMeterProps {
  pool: Pick<Pool, 'available' | 'total'>;
  /** Prefix of the test ids (`<prefix>-available`, `<prefix>-total`, `<prefix>-meter`). */
  testIdPrefix: string;
}

/** "available / total" and the progress bar, shared by the popup's pool card and the Team page. */
export function PoolMeter({ pool, testIdPrefix }: PoolMeterProps) {
  const percent = pool.total > 0 ? Math.min(100, Math.max(0, (pool.available / pool.total) * 100)) : 0;
  return (
    <>
      <p class="pool__figures">
        <strong data-testid={`${testIdPrefix}-available`}>{formatCredits(pool.available)}</strong>
        <span> / </span>
        <span data-testid={`${testIdPrefix}-total`}>{formatCredits(pool.total)}</span>
        <span class="muted"> available</span>
      </p>
      <div
        class="meter"
        role="progressbar"
        aria-label="Team pool credits available"
        aria-valuemin={0}
        aria-valuemax={pool.total}
        aria-valuenow={pool.available}
        aria-valuetext={`${formatCredits(pool.available)} of ${formatCredits(pool.total)} credits available`}
        data-testid={`${testIdPrefix}-meter`}
      >
        <div class="meter__fill" style={{ width: `${percent}%` }} />
      </div>
    </>
  );
}
