import { type Scenario, totalConnections } from '../../scenario/types';
import { useAppStore } from '../../store/store';
import { GeneratorForm } from './GeneratorForm';
import { GALLERY, type GalleryEntry } from './gallery';

// The presets, Figure 9 in each comparison mode side by side (same workload, same faults), and a
// generated sysplex of any size up to 32 stacks and 4 DVIPAs.

export function PresetGallery({
  onChoose,
  onGenerate,
}: {
  onChoose: (e: GalleryEntry) => void;
  onGenerate: (sc: Scenario) => void;
}) {
  const current = useAppStore((s) => s.scenario.id);
  const grouped = GALLERY.filter((e) => e.group);
  const rest = GALLERY.filter((e) => !e.group);
  const card = (e: GalleryEntry) => (
    <li key={e.id}>
      <button
        type="button"
        className={`preset-card${e.id === current ? ' current' : ''}`}
        onClick={() => onChoose(e)}
        aria-label={`Open preset ${e.title}`}
        aria-current={e.id === current ? 'true' : undefined}
        data-preset={e.id}
      >
        <span className="preset-title">{e.title}</span>
        <span className={`chip chip-mode chip-mode-${e.mode}`}>{e.mode}</span>
        <span className="preset-desc">{e.description}</span>
        <span className="preset-meta dim">
          {count(e.scenario.stacks.length, 'stack')} · {count(e.scenario.clients.length, 'client')} ·{' '}
          {count(totalConnections(e.scenario.clients), 'connection')}
        </span>
      </button>
    </li>
  );
  return (
    <div className="gallery">
      <h3>{grouped[0]?.group}</h3>
      <ul className="gallery-row" aria-label="Figure 9 comparison modes">
        {grouped.map(card)}
      </ul>
      <h3>Other presets</h3>
      <ul className="gallery-row" aria-label="Other presets">
        {rest.map(card)}
      </ul>
      <h3>Generate a sysplex</h3>
      <GeneratorForm onGenerate={onGenerate} />
    </div>
  );
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
