import type { browser } from 'wxt/browser';
import { z } from 'zod';
import type { CandidateGroup, ExtractionMethod, FieldSource, ProfileField } from '../extract/profile.ts';
import type { PageFailureCode } from '../messaging/extraction.ts';
import { EXTRACTOR_FILE, EXTRACTOR_OPTIONS_KEY, type ExtractorOptions } from '../messaging/extractor-page.ts';
import { PROFILE_TEXT_FIELDS } from '../storage/model.ts';

/** The part of the extension API the injection uses. */
export type Scripting = Pick<typeof browser.scripting, 'executeScript'>;

/** What the page gave, validated; or why it could not be read. */
export type PageResult =
  | { ok: true; url: string; title: string; groups: CandidateGroup[] }
  | { ok: false; code: PageFailureCode; message: string };

// The engine already trims and caps every string (extract/fields/text.ts); these caps hold even if it
// did not, since the values come from a hostile page and end up in the popup and in lists.
const TEXT_MAX_CHARS = 300;
const URL_MAX_CHARS = 2048;
const LINKS_MAX = 20;
/** More alternatives than anyone will click through with "Try another list". */
const GROUPS_MAX = 20;

const text = z.string().transform((value) => value.slice(0, TEXT_MAX_CHARS));
const url = z.string().transform((value) => value.slice(0, URL_MAX_CHARS));

const METHODS = [
  'json-ld',
  'microdata',
  'rdfa',
  'h-card',
  'tables',
  'repeated-cards',
  'single-profile',
] as const satisfies readonly ExtractionMethod[];
// The saved profile's text fields, plus the links the extractor groups by site.
const FIELDS = [...PROFILE_TEXT_FIELDS, 'links'] as const satisfies readonly ProfileField[];
const SOURCES = [
  'structured-data',
  'table-column',
  'card-text',
  'heading',
  'image-alt',
  'image',
  'contact-link',
  'link-target',
  'text-pattern',
  'page',
] as const satisfies readonly FieldSource[];

const Profile = z.object({
  name: text,
  title: text.optional(),
  company: text.optional(),
  location: text.optional(),
  email: text.optional(),
  phone: text.optional(),
  profileUrl: url.optional(),
  imageUrl: url.optional(),
  links: z
    .record(z.string().max(40), url)
    .refine((links) => Object.keys(links).length <= LINKS_MAX)
    .optional(),
  source: z.object({ url, method: z.enum(METHODS) }),
  provenance: z.partialRecord(z.enum(FIELDS), z.enum(SOURCES)),
});

const Group = z.object({
  id: z.string().max(100),
  method: z.enum([...METHODS, 'combined']),
  label: text,
  score: z.number(),
  profiles: z.array(Profile),
});

const PageRead = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), url, title: text, groups: z.array(Group) }),
  z.object({ ok: z.literal(false), error: z.string().transform((value) => value.slice(0, 500)) }),
]);

/**
 * Runs the extractor in the tab and returns what it found: every candidate list, each cut to `limit`.
 * The tab must be one the extension may script (activeTab after a click, shortcut or menu entry).
 */
export async function injectExtractor(
  scripting: Scripting,
  tabId: number,
  options: ExtractorOptions,
): Promise<PageResult> {
  let results: Array<{ result?: unknown }>;
  try {
    // executeScript({ files }) takes no arguments: the options go first into the isolated world.
    await scripting.executeScript({
      target: { tabId },
      func: (opts: ExtractorOptions, key: string) => {
        (globalThis as unknown as Record<string, unknown>)[key] = opts;
      },
      args: [options, EXTRACTOR_OPTIONS_KEY],
    });
    results = await scripting.executeScript({ target: { tabId }, files: [EXTRACTOR_FILE] });
  } catch (error) {
    return pageFailure(error instanceof Error ? error.message : String(error));
  }
  return parsePageRead(results[0]?.result, options.limit);
}

/** Validates the extractor's answer (untrusted: it was computed from the page) and cuts it to size. */
export function parsePageRead(value: unknown, limit: number): PageResult {
  const parsed = PageRead.safeParse(value);
  const read = parsed.success ? parsed.data : undefined;
  if (!read?.ok) {
    console.warn('lasso: the extractor failed on the page:', read?.error ?? 'no usable result');
    // Its own error is about the page, not about access: never classified by its wording.
    return { ok: false, code: 'script_error', message: PAGE_FAILURE_MESSAGES.script_error };
  }
  const groups: CandidateGroup[] = read.groups
    .slice(0, GROUPS_MAX)
    .map((group) => ({ ...group, profiles: group.profiles.slice(0, Math.max(0, limit)) }))
    .filter((group) => group.profiles.length > 0);
  return { ok: true, url: read.url, title: read.title, groups };
}

/**
 * Turns Chrome's reason for refusing (or failing) an injection into something a person can act on.
 * Chrome gives no error codes here, only its messages; whatever is not recognised is a script error.
 */
export function pageFailure(reason: string): Extract<PageResult, { ok: false }> {
  const code = classifyInjectionError(reason);
  return { ok: false, code, message: PAGE_FAILURE_MESSAGES[code] };
}

/** Which kind of failure Chrome's message describes. */
export function classifyInjectionError(reason: string): PageFailureCode {
  if (/No tab with id/i.test(reason)) return 'no_tab';
  if (
    /gallery cannot be scripted|chrome(-extension|-untrusted|-search)?:\/\/|\b(edge|about|devtools|view-source):/i.test(
      reason,
    )
  )
    return 'restricted_page';
  if (/file:\/\//i.test(reason)) return 'file_access';
  if (/Cannot access|permission|host/i.test(reason)) return 'no_access';
  return 'script_error';
}

export const PAGE_FAILURE_MESSAGES: Record<PageFailureCode, string> = {
  restricted_page:
    "Chrome doesn't let extensions read this page (browser pages, the Chrome Web Store, other extensions). Open the web page with the people, then Extract.",
  file_access:
    'To extract from a file on your computer, turn on "Allow access to file URLs" for Lasso in chrome://extensions, then reload the page.',
  no_access:
    'Lasso can only read the tab you opened it on. Click the Lasso icon on the page with the people, then Extract.',
  no_tab: 'That tab was closed. Open the page with the people and try again.',
  script_error: "Lasso couldn't read this page. Reload it and try again; nothing was charged.",
};
