import { z } from 'zod';
import type { LedgerPage } from '../api-client/contract/billing.ts';
import type { Member, Team, TeamCurrent } from '../api-client/contract/teams.ts';
import type { ApiErrorCode, NetworkErrorKind } from '../api-client/errors.ts';
import type { Account, CachedBalance } from '../storage/session.ts';
import type { Extraction } from './extraction.ts';

/**
 * Every message the extension's pages may send to the background, one schema per `type`.
 * The background parses each message with these before acting on it: a message is untrusted input.
 * Lengths are capped here only so that no message can be huge; the API checks the values themselves.
 */
export const ApiHealthMessage = z.object({ type: z.literal('api.health') }).strict();

const email = z.string().max(320);
const password = z.string().max(1024);

export const SignUpMessage = z
  .object({ type: z.literal('auth.signUp'), email, password, name: z.string().max(200).optional() })
  .strict();
export const SignInMessage = z.object({ type: z.literal('auth.signIn'), email, password }).strict();
export const SignOutMessage = z.object({ type: z.literal('auth.signOut') }).strict();
export const ResendVerificationMessage = z.object({ type: z.literal('auth.resendVerification') }).strict();
export const RefreshBalanceMessage = z.object({ type: z.literal('balance.refresh') }).strict();
export const LedgerPageMessage = z
  .object({
    type: z.literal('ledger.page'),
    before: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();

export const TeamCurrentMessage = z.object({ type: z.literal('team.current') }).strict();
export const CreateTeamMessage = z
  .object({ type: z.literal('team.create'), name: z.string().max(200) })
  .strict();
export const AddTeamMemberMessage = z
  .object({ type: z.literal('team.addMember'), email, poolAccess: z.boolean().optional() })
  .strict();
const userId = z.string().min(1).max(200);
export const UpdateTeamMemberMessage = z
  .object({
    type: z.literal('team.updateMember'),
    userId,
    poolAccess: z.boolean().optional(),
    cycleCap: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  })
  .strict();
export const RemoveTeamMemberMessage = z.object({ type: z.literal('team.removeMember'), userId }).strict();

const tabId = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
export const ExtractPageMessage = z.object({ type: z.literal('extract.page'), tabId }).strict();
export const LastExtractionMessage = z
  .object({ type: z.literal('extract.last'), tabId, url: z.string().max(8192).optional() })
  .strict();

const id = z.string().min(1).max(200);
/** A bulk run over rows of one list (services/jobs/runner.ts). */
export const StartJobMessage = z
  .object({
    type: z.literal('jobs.start'),
    kind: z.enum(['enrich', 'find_email']),
    listId: id,
    rowIds: z.array(id).min(1).max(100_000),
  })
  .strict();
export const CancelJobMessage = z.object({ type: z.literal('jobs.cancel'), jobId: id }).strict();

export const Message = z.discriminatedUnion('type', [
  ApiHealthMessage,
  SignUpMessage,
  SignInMessage,
  SignOutMessage,
  ResendVerificationMessage,
  RefreshBalanceMessage,
  LedgerPageMessage,
  TeamCurrentMessage,
  CreateTeamMessage,
  AddTeamMemberMessage,
  UpdateTeamMemberMessage,
  RemoveTeamMemberMessage,
  ExtractPageMessage,
  LastExtractionMessage,
  StartJobMessage,
  CancelJobMessage,
]);
export type Message = z.infer<typeof Message>;
export type MessageType = Message['type'];

/**
 * The message types the extension's own content script (injected on demand into a web page) may send.
 * It runs inside a hostile page, so it gets only what it needs; everything else is for extension pages.
 */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set<MessageType>([]);

/** What the background knows about the billing API after asking `GET /healthz`. */
export type ApiStatus =
  | { ok: true; apiUrl: string; db: 'pglite' | 'postgres' }
  | {
      ok: false;
      apiUrl: string;
      /** `unreachable`/`timeout`: no answer; `error`: it answered, with an error. */
      reason: 'unreachable' | 'timeout' | 'error';
      error: string;
    };

/** Why an action failed: the API's error code, no answer (`unreachable`/`timeout`), or nobody signed in. */
export type FailureCode = ApiErrorCode | NetworkErrorKind | 'signed_out';

/** The result of an action that may fail in an expected way; pages switch on `code`, never on `message`. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: FailureCode; message: string };

/** The answer to each message type. */
export interface Responses {
  'api.health': ApiStatus;
  'auth.signUp': Outcome<Account>;
  'auth.signIn': Outcome<Account>;
  'auth.signOut': Outcome<null>;
  'auth.resendVerification': Outcome<{ sent: boolean }>;
  'balance.refresh': Outcome<CachedBalance>;
  'ledger.page': Outcome<LedgerPage>;
  /** The caller's team, or null when they are in none. */
  'team.current': Outcome<TeamCurrent | null>;
  'team.create': Outcome<Team>;
  'team.addMember': Outcome<Member>;
  'team.updateMember': Outcome<Member>;
  'team.removeMember': Outcome<null>;
  /** Extracts the people on the tab's page and charges the page (services/extraction.ts). */
  'extract.page': Extraction;
  /** The tab's latest extraction, if it is still about the page at `url`. */
  'extract.last': Extraction | null;
  /** Stores the job and starts it in the background; its progress is in Dexie (storage/jobs.ts). */
  'jobs.start': Outcome<{ jobId: string }>;
  'jobs.cancel': Outcome<null>;
}

/** The answer to one message type. */
export type ResponseOf<T extends MessageType> = Responses[T];

/**
 * What travels back over `runtime.sendMessage`: the handler's value, or the message of the bug that
 * stopped it (expected failures are values inside `value`).
 */
export type Reply<T extends MessageType = MessageType> = { value: ResponseOf<T> } | { error: string };
