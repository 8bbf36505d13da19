// Small text helpers for CLI output: aligned tables and human numbers.
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
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
