// A row of tabs (ARIA tablist): the selected one pressed; `title` names a tab when its id is not
// what it shows.

export function TabBar<T extends string>({
  tabs,
  selected,
  onSelect,
  label,
  title = (t) => t,
}: {
  tabs: readonly T[];
  selected: T;
  onSelect: (t: T) => void;
  label: string;
  title?: (t: T) => string;
}) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={selected === t}
          className={selected === t ? 'active' : ''}
          onClick={() => onSelect(t)}
        >
          {title(t)}
        </button>
      ))}
    </div>
  );
}
