import { z } from 'zod';

/** `GET /healthz`: the API answers and its database does (billing-api.md, Other). */
export const Health = z.object({
  ok: z.boolean(),
  db: z.enum(['pglite', 'postgres']),
});
export type Health = z.infer<typeof Health>;
