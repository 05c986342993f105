import type { Extraction } from '../messaging/extraction.ts';

/** The keyboard shortcut's command name in the manifest (wxt.config.ts). */
export const EXTRACT_COMMAND = 'extract-profiles';
/** The context-menu entry's id. */
export const EXTRACT_MENU_ID = 'lasso.extract';

export interface Badge {
  text: string;
  title: string;
}

export interface TriggerDeps {
  run(tabId: number): Promise<Extraction>;
  /** `action.openPopup()`: rejects where Chrome does not allow an extension to open its popup. */
  openPopup(): Promise<void>;
  setBadge(tabId: number, badge: Badge): Promise<void>;
}

/** The toolbar badge with nothing to report. */
export const NO_BADGE: Badge = { text: '', title: 'Lasso' };

/**
 * The shortcut and the context-menu entry: extract on that tab at once, and open the popup, which shows
 * the result (it asks the background for the tab's latest extraction, waiting for one still running).
 * Where the popup cannot be opened for the user, a badge on the icon says there is something to see.
 */
export async function extractFromTrigger(deps: TriggerDeps, tabId: number): Promise<void> {
  const extraction = deps.run(tabId);
  const opened = await deps.openPopup().then(
    () => true,
    () => false,
  );
  const result = await extraction;
  if (!opened) await deps.setBadge(tabId, badgeFor(result));
}

/** What the icon says about an extraction nobody has looked at yet. */
export function badgeFor(extraction: Extraction): Badge {
  switch (extraction.kind) {
    case 'preview': {
      const people = extraction.groups[0]?.profiles.length ?? 0;
      return {
        text: people > 999 ? '999+' : String(people),
        title: `Lasso: ${people} ${people === 1 ? 'person' : 'people'} found. Click the icon to see them.`,
      };
    }
    case 'empty':
      return { text: '0', title: 'Lasso: nobody found on this page. Click the icon for details.' };
    case 'locked':
      return { text: '!', title: 'Lasso: not enough credits. Click the icon for details.' };
    case 'failed':
      return { text: '!', title: "Lasso couldn't extract from this page. Click the icon for details." };
  }
}
