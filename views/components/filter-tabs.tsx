export interface FilterTab {
  href: string;
  label: string;
  /** Shown in a small badge after the label (already capped and formatted). */
  count?: string | undefined;
  current: boolean;
}

/** A row of tabs that each load a filtered list into the region `swap` names (status pills). */
export function FilterTabs({
  label,
  tabs,
  swap,
}: {
  label: string;
  tabs: FilterTab[];
  swap: Record<string, string>;
}) {
  return (
    <nav class="status-tabs" aria-label={label}>
      {tabs.map((tab) => (
        <a href={tab.href} hx-get={tab.href} {...swap} aria-current={tab.current ? 'true' : undefined}>
          {tab.label} {tab.count === undefined ? null : <span class="status-count">{tab.count}</span>}
        </a>
      ))}
    </nav>
  );
}

/** Apply and Reset at the end of a list's filter form (Reset drops every filter). */
export function FilterActions({ resetHref }: { resetHref: string }) {
  return (
    <div class="filters-actions">
      <button type="submit" class="button button-primary">
        Apply
      </button>
      <a class="button button-quiet" href={resetHref}>
        Reset
      </a>
    </div>
  );
}
