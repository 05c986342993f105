/** One short message at the bottom of the page, with an optional action (Undo); it fades after a while. */
import { useEffect } from 'preact/hooks';
import type { Toast as ToastData } from './lists-store.ts';

const TOAST_MS = 10_000;

export function Toast({ toast, onClose }: { toast: ToastData | undefined; onClose: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onClose, TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, onClose]);
  if (!toast) return null;
  return (
    <div class="toast" role="status">
      <span>{toast.text}</span>
      {toast.action && (
        <button
          type="button"
          onClick={() => {
            toast.action?.run();
            onClose();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" aria-label="Dismiss" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
