/**
 * The records kept in IndexedDB (see db.ts for the tables and indexes). Times are epoch milliseconds.
 *
 * `ProfileInput` is what the extraction engine hands to storage. It is declared here, structurally, so
 * storage does not wait on `extract/profile.ts`: any `Profile` with `{ name, title?, …, links?, source }`
 * is assignable to it.
 */

/** The links storage knows by name (export columns); any other network's link is kept as it is. */
export interface KnownLinks {
  linkedin?: string;
  twitter?: string;
  github?: string;
  website?: string;
  [network: string]: string | undefined;
}

/** A profile as extracted from a page (or read from an imported file). */
export interface ProfileInput {
  name: string;
  title?: string;
  company?: string;
  location?: string;
  email?: string;
  phone?: string;
  profileUrl?: string;
  imageUrl?: string;
  links?: KnownLinks;
  source?: { url: string; method?: string };
}

/** The profile fields as stored on a row (after trimming and length caps). */
export interface ProfileFields {
  name: string;
  title?: string;
  company?: string;
  location?: string;
  email?: string;
  phone?: string;
  profileUrl?: string;
  imageUrl?: string;
  /** linkedin / twitter / github / website, plus any other link the extractor found. */
  links?: Record<string, string>;
}

/** The single-line text fields of a profile, in the order the merge and the exports visit them. */
export const PROFILE_TEXT_FIELDS = [
  'name',
  'title',
  'company',
  'location',
  'email',
  'phone',
  'profileUrl',
  'imageUrl',
] as const;
export type ProfileTextField = (typeof PROFILE_TEXT_FIELDS)[number];

/** What the last enrichment of a row did (flow 3 of ARCHITECTURE.md). */
export interface Enrichment {
  status: 'enriched' | 'failed';
  at: number;
  /** Profile fields the enrichment filled in (it never overwrites). */
  fieldsAdded: string[];
  error?: string;
  /** The address the page was read from, after redirects. */
  finalUrl?: string;
}

/** Where a field filled in by Lasso (not typed by the user) came from: the page, how it was read, when. */
export interface FieldProvenance {
  url: string;
  /** The extraction strategy and how it found the field, e.g. `single-profile/card-text`. */
  method: string;
  at: number;
}

/** What the last email search for a row found (flow 4 of ARCHITECTURE.md). */
export interface EmailFinding {
  status: 'valid' | 'invalid' | 'unknown';
  at: number;
  verificationId?: string;
  /** The verified address; also kept here when the row already had a different email, which stays. */
  email?: string;
  /** The API's checks of the verified address. */
  checks?: { syntax: boolean; mx: boolean; disposable: boolean; role: boolean };
  /** Why nothing was found (status invalid / unknown), as shown on the row. */
  reason?: string;
}

export interface ListRecord {
  id: string;
  name: string;
  /** Lower-cased, space-collapsed name: a unique index, so two lists cannot share a name. */
  nameKey: string;
  createdAt: number;
  updatedAt: number;
}

export interface RowRecord extends ProfileFields {
  id: string;
  listId: string;
  /** Tag names (see tags.ts); a multi-entry index. */
  tags: string[];
  note: string;
  /** The page the profile was extracted from. */
  sourceUrl?: string;
  /** Which extraction strategy found it. */
  sourceMethod?: string;
  savedAt: number;
  updatedAt: number;
  enrichment?: Enrichment;
  emailFinding?: EmailFinding;
  /** Per field Lasso filled in (`title`, `links.github`…), where it came from; not indexed. */
  provenance?: Record<string, FieldProvenance>;
  // Derived fields, recomputed by `withDerived` on every write; never edited directly.
  /** Normalised profile URL (dedup). */
  keyUrl?: string;
  /** Lower-cased email (dedup). */
  keyEmail?: string;
  /** Normalised "name|company", only when both are known (dedup). */
  keyNameCompany?: string;
  /** Case- and accent-folded name, title, company, email and note, for search. */
  searchText: string;
}

/** The fields a row stores that are not derived: what backups and moves carry. */
export type StoredRow = Omit<RowRecord, 'keyUrl' | 'keyEmail' | 'keyNameCompany' | 'searchText'>;

export interface TagRecord {
  name: string;
  /** A CSS colour, `#rrggbb`. */
  colour: string;
  createdAt: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** One undoable delete: the rows (and the list, when a whole list was deleted) wait in the trash. */
export interface TrashRecord {
  token: string;
  deletedAt: number;
  list?: ListRecord;
  rowCount: number;
}

/** A deleted row, waiting in the trash under its delete's token. */
export type TrashRowRecord = RowRecord & { trashToken: string };
