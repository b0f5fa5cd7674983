/**
 * CSV for the text-classification batch: parsing and writing with Papa Parse (RFC 4180: quotes, escaped
 * quotes, CR/LF, newlines inside quotes; delimiter detection), plus the app's own guard against spreadsheet
 * formulas in exported cells. Unit-tested in csv.test.ts.
 */
import Papa from 'papaparse';

/** Parses CSV text into rows of fields, blank rows skipped. The delimiter (`,` `;` or tab) is detected unless given. */
export function parseCsv(text: string, delimiter?: string): string[][] {
  // Line ends as one kind (files pasted together or edited on two systems mix CRLF and LF; Papa Parse takes the first
  // line's kind for every row).
  const { data } = Papa.parse<string[]>(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), {
    delimiter: delimiter ?? '',
    newline: '\n',
    delimitersToGuess: [',', ';', '\t'],
    skipEmptyLines: 'greedy',
  });
  return data.filter((r) => r.some((f) => f.trim() !== ''));
}

/**
 * A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first), defused with a leading
 * `'`; plain numbers (`-0.25`, `1e-5`) are left as they are.
 */
export function defuseFormula(value: Cell): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(s) ? `'${s}` : s;
}

/** A CSV file (CRLF line ends, fields quoted where needed, `;` included for spreadsheets that split on it), formulas defused. */
/** A cell: text, a number, a flag, or empty. */
export type Cell = string | number | boolean | null | undefined;

export function toCsv(header: string[], rows: Cell[][]): string {
  return `${Papa.unparse({ fields: header.map(defuseFormula), data: rows.map((r) => r.map(defuseFormula)) }, { newline: '\r\n', quotes: (v: unknown) => /[",\n\r;]/.test(String(v)) })}\r\n`;
}
