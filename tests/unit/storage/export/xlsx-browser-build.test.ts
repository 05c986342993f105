/**
 * The extension bundles exceljs's browser build (package.json "browser": dist/exceljs.min.js), which
 * differs from the Node build: no streaming writer, and its own Buffer polyfill. This runs exportXlsx on
 * that build and reads the file back with the Node build.
 */
import { describe, expect, it, vi } from 'vitest';
import { exportColumns } from '../../../../storage/export/columns.ts';
import { exportXlsx } from '../../../../storage/export/xlsx.ts';
import { TRICKY_ROWS } from '../fixtures/tricky-rows.ts';

vi.mock('exceljs', async () => {
  // A variable, so TypeScript does not look for types of the bundled file (it has none).
  const browserPath = 'exceljs/dist/exceljs.min.js';
  const browserBuild = (await import(/* @vite-ignore */ browserPath)) as { default?: unknown };
  return { default: browserBuild.default ?? browserBuild };
});

describe('exportXlsx on exceljs’s browser build', () => {
  it('produces bytes the Node build reads back', async () => {
    const { default: mocked } = await import('exceljs');
    expect(mocked.stream).toBeUndefined();

    const bytes = await exportXlsx(TRICKY_ROWS, { columns: exportColumns(), sheetName: 'Browser' });

    expect(bytes).toBeInstanceOf(Uint8Array);
    const { default: NodeExcel } = (await vi.importActual('exceljs')) as {
      default: typeof import('exceljs');
    };
    const workbook = new NodeExcel.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Browser')!;
    expect(sheet.rowCount).toBe(TRICKY_ROWS.length + 1);
    expect(sheet.getRow(2).getCell(1).value).toBe('Smith, John');
    expect(sheet.getRow(5).getCell(1).value).toBe(`'=HYPERLINK("https://evil.example","click")`);
  });
});
