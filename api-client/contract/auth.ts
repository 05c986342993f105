import { z } from 'zod';

/** Longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
export const EMAIL_LENGTH_MAX = 254;
export const PASSWORD_LENGTH_MIN = 10;
/** Caps the work one request can ask of the password hash. */
export const PASSWORD_LENGTH_MAX = 1024;
export const NAME_LENGTH_MAX = 200;

const LOCAL_PART = /^[^\s@"(),:;<>[\\\]]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;

/**
 * Whether `address` (already trimmed and lower-cased) looks like a deliverable email address: one `@`,
 * a non-empty local part without spaces, and a domain of at least two dot-separated labels.
 * @example isEmailAddress('ada@example.com') // true; isEmailAddress('ada@localhost') // false
 */
export function isEmailAddress(address: string): boolean {
  if (address.length > EMAIL_LENGTH_MAX) return false;
  const parts = address.split('@');
  if (parts.length !== 2) return false;
  const [local, domain] = parts as [string, string];
  if (local.length === 0 || local.length > 64 || !LOCAL_PART.test(local)) return false;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => label.length <= 63 && DOMAIN_LABEL.test(label));
}

/** An email address as the API stores it: trimmed and lower-cased. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_LENGTH_MAX)
  .refine(isEmailAddress, { message: 'must be a valid email address' });

export const SignupRequest = z
  .object({
    email: Email,
    password: z.string().min(PASSWORD_LENGTH_MIN).max(PASSWORD_LENGTH_MAX),
    name: z.string().trim().max(NAME_LENGTH_MAX).nullable().optional(),
  })
  .strict();
export type SignupRequest = z.input<typeof SignupRequest>;

// No minimum length here: a short wrong password is wrong credentials (401), not a bad request.
export const LoginRequest = z
  .object({
    email: Email,
    password: z.string().max(PASSWORD_LENGTH_MAX),
  })
  .strict();
export type LoginRequest = z.input<typeof LoginRequest>;

export const VerifyEmailRequest = z.object({ token: z.string().min(1).max(512) }).strict();
export type VerifyEmailRequest = z.infer<typeof VerifyEmailRequest>;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.boolean(),
});
export type User = z.infer<typeof User>;

/** Answer to sign-up and login: a session token (valid 30 days) and its user. */
export const AuthResponse = z.object({ token: z.string(), user: User });
export type AuthResponse = z.infer<typeof AuthResponse>;

export const VerifyEmailResponse = z.object({ user: User });
export type VerifyEmailResponse = z.infer<typeof VerifyEmailResponse>;

/** Answer to `POST /v1/auth/resend-verification`: false when the email was already verified. */
export const ResendVerificationResponse = z.object({ sent: z.boolean() });
export type ResendVerificationResponse = z.infer<typeof ResendVerificationResponse>;

export const TeamRole = z.enum(['admin', 'member']);
export type TeamRole = z.infer<typeof TeamRole>;

export const MeTeam = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  role: TeamRole,
  poolAccess: z.boolean(),
});
export type MeTeam = z.infer<typeof MeTeam>;

export const Me = z.object({ user: User, team: MeTeam.nullable() });
export type Me = z.infer<typeof Me>;
