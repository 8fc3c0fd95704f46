export interface TableColumn {
  label: string;
  /** Dropped on phone widths (the row keeps its essentials). */
  hideOnPhone?: boolean;
  /** Announced to screen readers only (e.g. the actions column). */
  visuallyHidden?: boolean;
}

/** The header row every console table shares: scoped column headers, phone-hidden ones marked. */
export function TableHead({ columns }: { columns: TableColumn[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th scope="col" class={column.hideOnPhone ? 'hide-sm' : undefined}>
            {column.visuallyHidden ? <span class="visually-hidden">{column.label}</span> : column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
