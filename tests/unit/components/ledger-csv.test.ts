import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../api-client/contract/billing.ts';
import { LEDGER_CSV_COLUMNS, ledgerCsv, ledgerCsvFileName } from '../../../components/ledger-csv.ts';

const spend: LedgerEntry = {
  id: 'le_12',
  at: '2026-11-25T10:00:00.000Z',
  kind: 'spend',
  action: 'page_scrape',
  bucket: 'team.subscription',
  amount: -2,
  spendId: 'spend_1',
};
const grant: LedgerEntry = {
  id: 'le_1',
  at: '2026-11-24T09:00:00.000Z',
  kind: 'grant',
  bucket: 'personal.free',
  amount: 50,
};

describe('ledgerCsv', () => {
  it('writes one row per entry under a header, amounts as signed numbers', () => {
    const csv = ledgerCsv([spend, grant]);

    expect(csv).toBe(
      'id,at,kind,action,bucket,amount,spendId,holdId\r\n' +
        'le_12,2026-11-25T10:00:00.000Z,spend,page_scrape,team.subscription,-2,spend_1,\r\n' +
        'le_1,2026-11-24T09:00:00.000Z,grant,,personal.free,50,,\r\n',
    );
  });

  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '=1\n+2'])(
    'neutralises a text cell starting a formula: %j',
    (value) => {
      const csv = ledgerCsv([{ ...spend, spendId: value }]);

      const [, row] = Papa.parse<string[]>(csv.trim(), { newline: '\r\n' }).data;
      expect(row![LEDGER_CSV_COLUMNS.indexOf('spendId')]).toBe(`'${value}`);
      expect(row![LEDGER_CSV_COLUMNS.indexOf('amount')]).toBe('-2');
    },
  );

  it('leaves ordinary text alone', () => {
    const [, row] = Papa.parse<string[]>(ledgerCsv([spend]).trim(), { newline: '\r\n' }).data;

    expect(row![LEDGER_CSV_COLUMNS.indexOf('spendId')]).toBe('spend_1');
  });
});

describe('ledgerCsvFileName', () => {
  it('names the file after the day', () => {
    expect(ledgerCsvFileName(new Date('2026-11-25T10:00:00Z'))).toBe('lasso-ledger-2026-11-25.csv');
  });
});
