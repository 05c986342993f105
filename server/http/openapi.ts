import { z } from 'zod';
import * as auth from '../../api-client/contract/auth.ts';
import * as billing from '../../api-client/contract/billing.ts';
import * as emails from '../../api-client/contract/emails.ts';
import { Problem } from '../../api-client/contract/problem.ts';
import * as teams from '../../api-client/contract/teams.ts';
import * as testMode from '../../api-client/contract/test-mode.ts';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  request?: z.ZodType;
  response?: z.ZodType;
  status: number;
  auth: 'user' | 'operator' | 'none';
  idempotent?: true;
}

/** Every endpoint with the same zod schemas that validate its requests on the server. */
const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/auth/signup',
    summary: 'Create an account',
    request: auth.SignupRequest,
    response: auth.AuthResponse,
    status: 201,
    auth: 'none',
  },
  {
    method: 'post',
    path: '/v1/auth/verify-email',
    summary: 'Verify the account email',
    request: auth.VerifyEmailRequest,
    response: auth.VerifyEmailResponse,
    status: 200,
    auth: 'none',
  },
  {
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Sign in',
    request: auth.LoginRequest,
    response: auth.AuthResponse,
    status: 200,
    auth: 'none',
  },
  { method: 'post', path: '/v1/auth/logout', summary: 'Revoke the token', status: 204, auth: 'user' },
  {
    method: 'get',
    path: '/v1/me',
    summary: 'The signed-in user and team',
    response: auth.Me,
    status: 200,
    auth: 'user',
  },
  {
    method: 'get',
    path: '/v1/me/balance',
    summary: 'What the user can spend, bucket by bucket',
    response: billing.Balance,
    status: 200,
    auth: 'user',
  },
  {
    method: 'get',
    path: '/v1/me/events',
    summary: 'Server-sent `balance` events',
    status: 200,
    auth: 'user',
  },
  {
    method: 'get',
    path: '/v1/me/ledger',
    summary: "The user's ledger, newest first",
    response: billing.LedgerPage,
    status: 200,
    auth: 'user',
  },
  {
    method: 'post',
    path: '/v1/spends',
    summary: 'Spend credits',
    request: billing.SpendRequest,
    response: billing.SpendResponse,
    status: 201,
    auth: 'user',
    idempotent: true,
  },
  {
    method: 'post',
    path: '/v1/holds',
    summary: 'Hold credits',
    request: billing.HoldRequest,
    response: billing.HoldResponse,
    status: 201,
    auth: 'user',
    idempotent: true,
  },
  {
    method: 'post',
    path: '/v1/holds/{holdId}/capture',
    summary: 'Capture a hold',
    request: billing.CaptureRequest,
    response: billing.CaptureResponse,
    status: 200,
    auth: 'user',
    idempotent: true,
  },
  {
    method: 'post',
    path: '/v1/holds/{holdId}/release',
    summary: 'Release a hold',
    request: billing.ReleaseRequest,
    response: billing.ReleaseResponse,
    status: 200,
    auth: 'user',
    idempotent: true,
  },
  {
    method: 'post',
    path: '/v1/emails/verify',
    summary: 'Check an email address',
    request: emails.EmailCheckRequest,
    response: emails.EmailVerification,
    status: 200,
    auth: 'user',
  },
  {
    method: 'post',
    path: '/v1/teams',
    summary: 'Create a team',
    request: teams.CreateTeamRequest,
    response: teams.Team,
    status: 201,
    auth: 'user',
  },
  {
    method: 'get',
    path: '/v1/teams/current',
    summary: "The caller's team, pool and members",
    response: teams.TeamCurrent,
    status: 200,
    auth: 'user',
  },
  {
    method: 'post',
    path: '/v1/teams/current/members',
    summary: 'Add a member',
    request: teams.AddMemberRequest,
    response: teams.Member,
    status: 201,
    auth: 'user',
  },
  {
    method: 'patch',
    path: '/v1/teams/current/members/{userId}',
    summary: 'Change pool access or cap',
    request: teams.PatchMemberRequest,
    response: teams.Member,
    status: 200,
    auth: 'user',
  },
  {
    method: 'delete',
    path: '/v1/teams/current/members/{userId}',
    summary: 'Remove a member',
    status: 204,
    auth: 'user',
  },
  ...(['users', 'teams'] as const).flatMap((kind): Operation[] => {
    const owner = kind === 'users' ? '{userId}' : '{teamId}';
    return [
      {
        method: 'put',
        path: `/v1/ops/${kind}/${owner}/subscription`,
        summary: 'Start or change a subscription',
        request: billing.SubscriptionRequest,
        response: billing.Subscription,
        status: 200,
        auth: 'operator',
      },
      {
        method: 'delete',
        path: `/v1/ops/${kind}/${owner}/subscription`,
        summary: 'Cancel at the end of the cycle',
        response: billing.Subscription,
        status: 200,
        auth: 'operator',
      },
      {
        method: 'post',
        path: `/v1/ops/${kind}/${owner}/topups`,
        summary: 'Top up',
        request: billing.GrantRequest,
        response: billing.GrantResponse,
        status: 201,
        auth: 'operator',
        idempotent: true,
      },
      {
        method: 'get',
        path: `/v1/ops/${kind}/${owner}/ledger`,
        summary: 'Ledger',
        response: billing.LedgerPage,
        status: 200,
        auth: 'operator',
      },
    ];
  }),
  {
    method: 'post',
    path: '/v1/ops/users/{userId}/free-grants',
    summary: 'Grant free credits',
    request: billing.GrantRequest,
    response: billing.GrantResponse,
    status: 201,
    auth: 'operator',
    idempotent: true,
  },
  {
    method: 'post',
    path: '/v1/ops/clock',
    summary: 'Set the test clock (test mode)',
    request: testMode.SetClockRequest,
    response: testMode.ClockResponse,
    status: 200,
    auth: 'operator',
  },
  {
    method: 'get',
    path: '/v1/ops/clock',
    summary: 'Read the test clock (test mode)',
    response: testMode.ClockResponse,
    status: 200,
    auth: 'operator',
  },
  {
    method: 'get',
    path: '/v1/ops/outbox',
    summary: 'Messages sent (test mode)',
    response: testMode.OutboxResponse,
    status: 200,
    auth: 'operator',
  },
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
}

function operationObject(operation: Operation): Record<string, unknown> {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  const parameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (operation.idempotent) {
    parameters.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } });
  }
  return {
    summary: operation.summary,
    ...(operation.auth === 'none' ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.request
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(operation.request, 'input') } },
          },
        }
      : {}),
    responses: {
      [operation.status]: {
        description: 'Success',
        ...(operation.response
          ? { content: { 'application/json': { schema: jsonSchema(operation.response, 'output') } } }
          : {}),
      },
      default: { description: 'A problem document', content: problem },
    },
  };
}

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of the billing API, built once from the contract's zod schemas. */
export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = operationObject(operation);
  }
  cached = {
    openapi: '3.1.0',
    info: { title: 'Lasso billing API', version: '1.0.0' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Problem: jsonSchema(Problem, 'output') },
    },
    security: [{ bearer: [] }],
    paths,
  };
  return cached;
}
