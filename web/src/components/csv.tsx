/**
 * "导出 CSV" under every table: the rows on screen as a CSV file made in the browser. UTF-8 with a
 * byte-order mark and CRLF line ends, so Excel opens the Chinese text as it is; cells are quoted
 * when they need it, and text that a spreadsheet would run as a formula (=, +, -, @) is kept text.
 */
import { saveBlob } from '../api.ts';
import { t } from '../i18n.ts';

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  label: string;
  value: (row: T) => CsvCell;
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [columns.map((c) => cell(c.label)).join(','), ...rows.map((r) => columns.map((c) => cell(c.value(r))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A file name from a title: no path separators or characters Windows refuses. */
export function csvFileName(name: string): string {
  return `${name.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '') || 'export'}.csv`;
}

export function downloadCsv<T>(name: string, columns: CsvColumn<T>[], rows: T[]): void {
  saveBlob(new Blob([csvText(columns, rows)], { type: 'text/csv;charset=utf-8' }), csvFileName(name));
}

export function CsvButton<T>(props: {
  name: string;
  columns: CsvColumn<T>[];
  rows: T[];
  testId?: string /** When a table has more than one export. */;
  label?: string;
}) {
  return (
    <button
      type="button"
      class="btn small no-print csv-button"
      disabled={!props.rows.length}
      data-testid={props.testId}
      title={t('csv.title')}
      onClick={() => downloadCsv(props.name, props.columns, props.rows)}
    >
      {props.label ?? t('csv.export')}
    </button>
  );
}
