import { strToU8, zipSync } from 'fflate';

/**
 * Tabular exports (工作简报, 月度考核) as .xlsx, identical on workerd and Node.
 *
 * The OOXML is written here and zipped with fflate's synchronous zip rather than taken from a
 * spreadsheet library: SheetJS (even its mini build, ~85 KiB gz) would push the worker past its
 * 400 KiB gz budget, exceljs is ~260 KiB gz, and the small excel-builder-vanilla is async-only and
 * hands parts above 160 KB to fflate's Web Worker path, which workerd does not have. A flat table
 * needs only six small parts, and the sync zip keeps this call free of workers and promises.
 */

export interface Sheet {
  name: string;
  header: string[];
  rows: (string | number | null)[][];
  /** Column widths in Excel character units; when absent each column fits its longest cell. */
  widths?: number[];
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// cellXfs indexes in STYLES: bold for the header, quotePrefix for text that looks like a formula.
const BOLD = 1;
const QUOTED = 2;

const STYLES =
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  // Excel requires the two built-in fills, in this order, even when nothing is filled.
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const MAX_CELL_CHARS = 32_767; // Excel refuses to open ("repairs") a file with a longer cell.

export function toXlsx(sheets: readonly Sheet[]): Uint8Array {
  // A workbook without a sheet is not a valid file; an empty export still has its header.
  if (sheets.length === 0) throw new RangeError('toXlsx needs at least one sheet');
  const names = sheetNames(sheets.map((s) => s.name));
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': part(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    ),
    '_rels/.rels': part(
      `<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': part(
      `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>` +
        names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': part(
      `<Relationships xmlns="${NS_PKG_REL}">` +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': part(STYLES),
  };
  sheets.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = part(worksheet(sheet));
  });
  return zipSync(files, { level: 6 });
}

function part(xml: string): Uint8Array {
  return strToU8(XML_HEAD + xml);
}

function worksheet(sheet: Sheet): string {
  const all: (string | number | null)[][] = sheet.header.length > 0 ? [sheet.header, ...sheet.rows] : sheet.rows;
  const hasHeader = sheet.header.length > 0;
  const widths = sheet.widths ?? fittedWidths(all);
  const out: string[] = [`<worksheet xmlns="${NS_MAIN}">`];
  // Keep the header visible while scrolling a long bulletin.
  if (hasHeader) {
    out.push(
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
    );
  }
  // Schema order matters to Excel (it "repairs" otherwise): sheetViews, cols, then sheetData.
  if (widths.length > 0) {
    out.push('<cols>');
    widths.forEach((w, c) => {
      if (Number.isFinite(w) && w > 0) out.push(`<col min="${c + 1}" max="${c + 1}" width="${Math.min(w, 255)}" customWidth="1"/>`);
    });
    out.push('</cols>');
  }
  out.push('<sheetData>');
  all.forEach((row, r) => {
    out.push(`<row r="${r + 1}">`);
    row.forEach((value, c) => {
      const cell = cellXml(`${columnName(c)}${r + 1}`, value, hasHeader && r === 0);
      if (cell) out.push(cell);
    });
    out.push('</row>');
  });
  out.push('</sheetData></worksheet>');
  return out.join('');
}

function cellXml(ref: string, value: string | number | null, bold: boolean): string | null {
  if (value === null) return null;
  if (typeof value === 'number') {
    // Excel has no NaN/Infinity; writing one would corrupt the file, and a silent blank would hide
    // the bug that produced it.
    if (!Number.isFinite(value)) throw new RangeError(`toXlsx: ${ref} is ${value}, not a finite number`);
    return `<c r="${ref}"${bold ? ` s="${BOLD}"` : ''}><v>${value}</v></c>`;
  }
  // Formula injection (CSV injection): user text such as "=HYPERLINK(...)" must never run. Cells are
  // written as inline strings and never with <f>, so Excel stores them as text; text starting with a
  // formula trigger also gets quotePrefix (what Excel itself stores for a typed '=1+1), so editing
  // the cell in Excel does not turn it into a formula either.
  const style = (bold ? BOLD : 0) + (/^[=+\-@\t\r]/.test(value) ? QUOTED : 0);
  const text = value.length > MAX_CELL_CHARS ? value.slice(0, MAX_CELL_CHARS) : value;
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t xml:space="preserve">${escapeText(text)}</t></is></c>`;
}

/** A, B, …, Z, AA, AB, … */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Width in Excel character units: CJK (U+2E80 and up, roughly) takes two. Runs on every cell, so kept cheap. */
function fittedWidths(rows: readonly (readonly (string | number | null)[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((value, c) => {
      if (value === null) return;
      const text = String(value);
      let w = text.length; // a surrogate pair (CJK extensions, emoji) already counts two
      for (let k = 0; k < text.length; k++) {
        const code = text.charCodeAt(k);
        if (code >= 0x2e80 && (code < 0xd800 || code > 0xdfff)) w++;
      }
      widths[c] = Math.max(widths[c] ?? 0, w);
    });
  }
  return Array.from(widths, (w) => Math.min(Math.max((w ?? 0) + 2, 8), 60));
}

/**
 * Excel refuses (or "repairs" away) a workbook whose sheet names break its rules: 1–31 characters,
 * none of []:*?/\, not starting or ending with an apostrophe, "History" reserved, unique without
 * regard to case. Names come from data (periods, org names), so they are fixed here rather than
 * rejected.
 */
function sheetNames(requested: readonly string[]): string[] {
  const taken = new Set<string>();
  return requested.map((raw, i) => {
    let base = raw.replace(/[[\]:*?/\\\p{Cc}]/gu, '_').replace(/^[\s']+|[\s']+$/g, '');
    if (base === '') base = `Sheet${i + 1}`;
    else if (base.toLowerCase() === 'history') base = `${base}_`;
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const name = truncate(base, 31 - suffix.length) + suffix;
      if (!taken.has(name.toLowerCase())) {
        taken.add(name.toLowerCase());
        return name;
      }
    }
  });
}

/** Cuts to at most max UTF-16 units (Excel's measure) without splitting a surrogate pair. */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = /[\ud800-\udbff]/.test(s.charAt(max - 1)) ? max - 1 : max;
  return s.slice(0, cut).replace(/[\s']+$/, '');
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
}

/**
 * Control characters are not allowed in XML 1.0 at all, so Excel's own escape (_xHHHH_) carries
 * them; a literal "_x0041_" in the data is escaped too, or Excel would read it back as "A".
 */
function escapeText(s: string): string {
  return escapeXml(
    s.replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1').replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters XML 1.0 cannot carry (tab, LF and CR can), escaped as Excel's _xHHHH_
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
      (ch) => `_x${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`,
    ),
  );
}
