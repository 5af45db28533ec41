import { useId, useState, type KeyboardEvent } from 'react';
import { useLab } from '../../store/lab-store';
import { TeachingPanel } from './TeachingPanel';
import { TECHNIQUE_NOTES } from './technique-notes';
import {
  activeVariant,
  firstTechniqueOn,
  isTechniqueOn,
  type TechniqueId,
} from '../../settings/techniques';
import './teaching.css';

/** Tab index after a key press in a horizontal tab list (wrapping), or undefined for other keys. */
function nextIndex(key: string, index: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/**
 * Handle a key press in the tab list: for an arrow, Home or End key, focus the tab it leads to and
 * return its id (the caller selects it); undefined for any other key.
 */
function moveSelection(
  event: KeyboardEvent<HTMLElement>,
  selectedId: TechniqueId,
): TechniqueId | undefined {
  const index = TECHNIQUE_NOTES.findIndex((n) => n.id === selectedId);
  const next = nextIndex(event.key, index, TECHNIQUE_NOTES.length);
  if (next === undefined) return undefined;
  event.preventDefault();
  const id = TECHNIQUE_NOTES[next]!.id;
  event.currentTarget.querySelector<HTMLElement>(`[data-technique="${id}"]`)?.focus();
  return id;
}

/**
 * "How the techniques work": one tab per technique (WAI-ARIA tabs, roving focus, arrow keys,
 * Home/End, automatic activation), one panel shown at a time. Until the user picks a tab it shows
 * the first technique that is on in the current settings; tabs of techniques that are on are
 * marked. Every tab has its own tab panel (so aria-controls always resolves); only the selected
 * one is rendered and shown. Type grows under a `.presenter` ancestor (teaching.css).
 */
export function TeachingSection() {
  const recipe = useLab((s) => s.recipe);
  const [picked, setPicked] = useState<TechniqueId | null>(null);
  const base = useId();
  const onIds = TECHNIQUE_NOTES.filter((n) => isTechniqueOn(n.id, recipe)).map((n) => n.id);
  const selectedId = picked ?? firstTechniqueOn(recipe);
  const tabId = (id: TechniqueId) => `${base}-tab-${id}`;
  const panelId = (id: TechniqueId) => `${base}-panel-${id}`;

  return (
    <section className="teaching" data-testid="teaching" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>How the techniques work</h2>
      <div
        className="teaching-tabs"
        role="tablist"
        aria-label="Techniques"
        onKeyDown={(event) => {
          const id = moveSelection(event, selectedId);
          if (id) setPicked(id);
        }}
      >
        {TECHNIQUE_NOTES.map((n) => {
          const selected = n.id === selectedId;
          const on = onIds.includes(n.id);
          return (
            <button
              key={n.id}
              type="button"
              role="tab"
              id={tabId(n.id)}
              data-technique={n.id}
              aria-selected={selected}
              aria-controls={panelId(n.id)}
              tabIndex={selected ? 0 : -1}
              className={on ? 'teaching-tab on' : 'teaching-tab'}
              onClick={() => setPicked(n.id)}
            >
              {n.tab}
              {on && (
                <span className="teaching-on">
                  <span aria-hidden="true"> ●</span>
                  <span className="visually-hidden"> (on in this recipe)</span>
                </span>
              )}
            </button>
          );
        })}
      </div>
      {TECHNIQUE_NOTES.map((n) => (
        <div
          key={n.id}
          role="tabpanel"
          id={panelId(n.id)}
          aria-labelledby={tabId(n.id)}
          tabIndex={0}
          hidden={n.id !== selectedId}
          className="teaching-tabpanel"
        >
          {n.id === selectedId && (
            <TeachingPanel
              note={n}
              on={onIds.includes(n.id)}
              activeVariant={activeVariant(n.id, recipe)}
            />
          )}
        </div>
      ))}
    </section>
  );
}
