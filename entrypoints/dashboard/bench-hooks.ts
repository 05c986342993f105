/**
 * Only in `wxt build --mode bench` (bench/lists-chromium.ts): the storage functions and the bare export
 * libraries on `window.lassoBench`, so the bench can time ours beside the libraries in this same page.
 * Shipped builds drop the import that loads this module (main.tsx checks the mode at build time).
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { lassoDb } from '../../storage/db.ts';
import { cellText, exportColumns } from '../../storage/export/columns.ts';
import { exportRowsInWorker } from '../../storage/export/export-in-worker.ts';
import { exportRows, writeExport } from '../../storage/export/export-rows.ts';
import { readExportRows } from '../../storage/export-chunks.ts';
import { createList } from '../../storage/lists.ts';
import { addTags, saveProfiles } from '../../storage/rows.ts';
import { loadList } from '../../storage/search.ts';

export const lassoBench = {
  db: lassoDb(),
  createList,
  saveProfiles,
  addTags,
  exportRows,
  exportRowsInWorker,
  writeExport,
  loadList,
  readExportRows,
  exportColumns,
  cellText,
  Papa,
  ExcelJS,
};

(globalThis as { lassoBench?: typeof lassoBench }).lassoBench = lassoBench;
