import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** Where the billing API lives; baked in at build time, changeable later in Settings. */
const apiUrl = new URL(process.env.LASSO_API_URL ?? 'http://127.0.0.1:8787');

export default defineConfig({
  imports: false,
  vite: () => ({
    plugins: [preact()],
    define: { 'import.meta.env.WXT_LASSO_API_URL': JSON.stringify(apiUrl.origin) },
  }),
  manifest: {
    name: 'Lasso',
    description: 'Extract people from any page into local lists; export to CSV, Excel or JSON.',
    // Least privilege: no content script on <all_urls>; the extractor is injected on demand.
    permissions: ['storage', 'activeTab', 'scripting'],
    host_permissions: [`${apiUrl.origin}/*`],
  },
});
