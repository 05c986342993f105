import { z } from 'zod';

/** Credit buckets, named as in billing-api.md. */
export const Bucket = z.enum([
  'team.subscription',
  'team.topup',
  'personal.subscription',
  'personal.topup',
  'personal.free',
]);
export type Bucket = z.infer<typeof Bucket>;

/** What a spend pays for: a page scrape, an enrichment URL, or a valid email found. */
export const Action = z.enum(['page_scrape', 'enrichment', 'email_find']);
export type Action = z.infer<typeof Action>;

/** Quantities are integers 1…1000. */
export const Quantity = z.number().int().min(1).max(1000);
/** Credits in back-office requests: a non-negative integer, bounded so balances cannot overflow. */
export const Credits = z.number().int().min(0).max(1_000_000_000);
const Iso = z.string();

export const BreakdownItem = z.object({ bucket: Bucket, amount: z.number().int().nonnegative() });
export type BreakdownItem = z.infer<typeof BreakdownItem>;

export const Pool = z.object({
  available: z.number().int(),
  total: z.number().int(),
  subscription: z.number().int(),
  topup: z.number().int(),
  held: z.number().int(),
  cycleStart: Iso.nullable(),
  cycleEnd: Iso.nullable(),
});
export type Pool = z.infer<typeof Pool>;

/** The body of GET /v1/me/balance (and `balance` in every credit-moving answer). */
export const Balance = z.object({
  available: z.number().int(),
  spendOrder: z.array(Bucket),
  personal: z.object({
    subscription: z.number().int(),
    topup: z.number().int(),
    free: z.number().int(),
    held: z.number().int(),
  }),
  team: z
    .object({
      id: z.string(),
      name: z.string(),
      poolAccess: z.boolean(),
      cycleCap: z.number().int().nullable(),
      creditsUsed: z.number().int(),
      pool: Pool,
    })
    .nullable(),
  limits: z.object({ profilesPerPage: z.number().int() }),
});
export type Balance = z.infer<typeof Balance>;

export const SpendRequest = z
  .object({
    action: Action,
    quantity: Quantity,
    // Any value is accepted here: one that names no verification of the caller is 422, not 400.
    verificationId: z.unknown().optional(),
  })
  .strict()
  .refine((body) => body.action !== 'email_find' || body.quantity === 1, {
    message: 'email_find spends have quantity 1',
    path: ['quantity'],
  });
export type SpendRequest = z.infer<typeof SpendRequest>;

export const SpendResponse = z.object({
  spendId: z.string(),
  action: Action,
  quantity: z.number().int(),
  charged: z.number().int(),
  breakdown: z.array(BreakdownItem),
  balance: Balance,
});
export type SpendResponse = z.infer<typeof SpendResponse>;

export const HoldRequest = z
  .object({ action: Action, quantity: Quantity, ttlSeconds: z.number().int().min(5).max(900).optional() })
  .strict();
export type HoldRequest = z.infer<typeof HoldRequest>;

export const HoldResponse = z.object({
  holdId: z.string(),
  status: z.literal('pending'),
  action: Action,
  amount: z.number().int(),
  breakdown: z.array(BreakdownItem),
  expiresAt: Iso,
  balance: Balance,
});
export type HoldResponse = z.infer<typeof HoldResponse>;

export const CaptureRequest = z.object({ quantity: Quantity.optional() }).strict();
export type CaptureRequest = z.infer<typeof CaptureRequest>;

export const CaptureResponse = z.object({
  holdId: z.string(),
  status: z.literal('captured'),
  spendId: z.string(),
  charged: z.number().int(),
  breakdown: z.array(BreakdownItem),
  balance: Balance,
});
export type CaptureResponse = z.infer<typeof CaptureResponse>;

export const ReleaseRequest = z.object({}).strict();
export const ReleaseResponse = z.object({
  holdId: z.string(),
  status: z.literal('released'),
  balance: Balance,
});
export type ReleaseResponse = z.infer<typeof ReleaseResponse>;

export const LedgerKind = z.enum(['grant', 'spend', 'hold', 'capture', 'release', 'forfeit']);
export const LedgerEntry = z.object({
  id: z.string(),
  at: Iso,
  kind: LedgerKind,
  action: Action.optional(),
  bucket: Bucket,
  amount: z.number().int(),
  spendId: z.string().optional(),
  holdId: z.string().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    before: z
      .string()
      .regex(/^le_[1-9][0-9]{0,17}$/, 'before must be a ledger entry id (le_…)')
      .optional(),
  })
  .strict();
export const LedgerPage = z.object({ entries: z.array(LedgerEntry), nextBefore: z.string().nullable() });
export type LedgerPage = z.infer<typeof LedgerPage>;

export const SubscriptionRequest = z
  .object({
    creditsPerCycle: Credits,
    interval: z.enum(['month', 'year']),
    anchor: z.iso.datetime({ offset: true }).optional(),
    profilesPerPage: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type SubscriptionRequest = z.infer<typeof SubscriptionRequest>;

export const Subscription = z.object({
  creditsPerCycle: z.number().int(),
  interval: z.enum(['month', 'year']),
  anchor: Iso,
  profilesPerPage: z.number().int(),
  cycleStart: Iso.nullable(),
  cycleEnd: Iso.nullable(),
  cancelAt: Iso.nullable(),
});
export type Subscription = z.infer<typeof Subscription>;

export const GrantRequest = z.object({ credits: Credits.min(1) }).strict();
export type GrantRequest = z.infer<typeof GrantRequest>;

export const GrantResponse = z.object({
  entryId: z.string(),
  bucket: Bucket,
  credits: z.number().int(),
  bucketBalance: z.number().int(),
  at: Iso,
});
export type GrantResponse = z.infer<typeof GrantResponse>;
