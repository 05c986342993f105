/**
 * Build-time configuration of the extension. This is the only module that reads `import.meta.env`;
 * wxt.config.ts fills `WXT_LASSO_API_URL` from `LASSO_API_URL` when the extension is built.
 */
declare global {
  interface ImportMetaEnv {
    /** Set by wxt.config.ts (`define`) from `LASSO_API_URL` at build time. */
    readonly WXT_LASSO_API_URL?: string;
  }
}

const FALLBACK_API_URL = 'http://127.0.0.1:8787';

export const buildConfig = {
  /** The billing API the extension talks to until the user picks another one in Settings. */
  defaultApiUrl: (import.meta.env.WXT_LASSO_API_URL || FALLBACK_API_URL) as string,
} as const;
