import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiStatus } from '../messaging/protocol.ts';

/** What a page shows about the billing API: still asking, the answer, or the background itself failed. */
export type ApiStatusView =
  | { kind: 'checking' }
  | { kind: 'settled'; status: ApiStatus }
  | { kind: 'failed'; error: string };

/** Runs `check` on mount and on every `refresh()`; only the latest check's answer is shown. */
export function useApiStatus(check: () => Promise<ApiStatus>): [ApiStatusView, () => void] {
  const [view, setView] = useState<ApiStatusView>({ kind: 'checking' });
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const run = ++latest.current;
    setView({ kind: 'checking' });
    check().then(
      (status) => run === latest.current && setView({ kind: 'settled', status }),
      (error: unknown) => run === latest.current && setView({ kind: 'failed', error: String(error) }),
    );
  }, [check]);

  useEffect(refresh, [refresh]);
  return [view, refresh];
}
