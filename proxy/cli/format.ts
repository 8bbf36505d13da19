// Small text helpers for CLI output: aligned tables, human numbers, and stored text made safe for a terminal.

/** C0/C1 controls, DEL and bidi overrides: stored text (a reason, a path) must not move the cursor or recolour the terminal. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Stored text as the terminal should show it: every control character escaped as `\xNN` / `\uNNNN`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** An aligned table; every cell goes through printable(), so no stored text can break the layout. */
export function table(header: readonly string[], cells: ReadonlyArray<readonly string[]>): string {
  const rows = cells.map((row) => row.map(printable));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function ms(value: number | null): string {
  if (value === null) return '-';
  return value >= 100 ? `${Math.round(value)}ms` : `${value.toFixed(1)}ms`;
}

export function percent(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

export function rate(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

export function ratio(newValue: number | null, legacyValue: number | null): string {
  if (newValue === null || legacyValue === null || legacyValue === 0) return '-';
  return `×${(newValue / legacyValue).toFixed(2)}`;
}
