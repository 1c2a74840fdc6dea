/** Plain aligned columns, measured without ANSI colour codes. */
import { stripVTControlCharacters } from 'node:util';

export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function visible(text: string): number {
  return stripVTControlCharacters(text).length;
}
