// `npm run extract`: placeholder until the extraction engine lands (billing-api.md, Extraction CLI).
console.error('extraction engine not built yet (issue: Profile extraction)');
process.exit(1);
