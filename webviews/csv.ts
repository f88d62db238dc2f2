/** CSV export of chart data (uPlot's aligned arrays: x first, then one array per series). Pure. */

function cell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `names[i]` heads column i of `columns[i]`; missing values (null/undefined/NaN) are empty cells. */
export function alignedCsv(names: readonly string[], columns: ReadonlyArray<ArrayLike<number | null | undefined>>): string {
  const rows = [names.map(cell).join(',')];
  const n = columns[0]?.length ?? 0;
  for (let r = 0; r < n; r++) {
    rows.push(columns.map((c) => {
      const v = c[r];
      return v === null || v === undefined || Number.isNaN(v) ? '' : String(v);
    }).join(','));
  }
  return rows.join('\n') + '\n';
}
