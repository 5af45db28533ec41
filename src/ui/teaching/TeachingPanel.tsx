import { useId } from 'react';
import { Formula } from './Formula';
import type { PaperRef, TechniqueNote } from './technique-notes';

/** Props of {@link TeachingPanel}. */
export interface TeachingPanelProps {
  note: TechniqueNote;
  /** Whether the technique is part of the current recipe (marked next to the heading). */
  on: boolean;
  /** Setting value that picks a formula variant (R2 variant, QAT mode); its formulas are marked. */
  activeVariant?: string;
}

/** "Authors, venue (or year), arXiv id." for one paper, with only the fields that are known. */
function citationDetails(paper: PaperRef): string {
  const parts = [paper.authors, paper.venue ?? String(paper.year)];
  if (paper.arxiv) parts.push(`arXiv:${paper.arxiv}`);
  return parts.filter((p) => p !== undefined).join(', ');
}

/**
 * One technique's teaching panel: plain sentences, the formulas as implemented (KaTeX), the
 * "formula used" note, what to watch in the plots and the paper(s), linked to arXiv in a new tab
 * so a running training keeps running.
 */
export function TeachingPanel({ note, on, activeVariant }: TeachingPanelProps) {
  const headingId = useId();
  return (
    <section className="teaching-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {note.title}
        {on && <span className="teaching-badge">on in this recipe</span>}
      </h3>
      <p className="teaching-sentences">{note.sentences.join(' ')}</p>
      <h4>Formulas as implemented</h4>
      <ul className="teaching-formulas">
        {note.formulas.map((f) => {
          const inUse = f.variant !== undefined && f.variant === activeVariant;
          return (
            <li key={f.label} className={inUse ? 'in-use' : undefined}>
              <span className="teaching-formula-label">
                {f.label}
                {inUse && <span className="teaching-badge">in use</span>}
              </span>
              <Formula tex={f.tex} display />
              <span className="teaching-formula-meta">
                {f.sources.map((s) => `[${s}]`).join(' ')} · <code>{f.code}</code>
              </span>
            </li>
          );
        })}
      </ul>
      <p className="teaching-used">
        <strong>Formula used:</strong> {note.formulaUsed}
      </p>
      <h4>What to watch in the plots</h4>
      <p>{note.watch}</p>
      <h4>{note.papers.length > 1 ? 'Papers' : 'Paper'}</h4>
      <ul className="teaching-papers">
        {note.papers.map((p) => (
          <li key={p.short}>
            {p.arxiv ? (
              <a href={`https://arxiv.org/abs/${p.arxiv}`} target="_blank" rel="noreferrer">
                {p.title ?? p.short}
              </a>
            ) : (
              <cite>{p.title ?? p.short}</cite>
            )}
            {`${p.title ? ` (${p.short})` : ''} — ${citationDetails(p)}.`}
            {p.role && <span className="teaching-role"> {p.role}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
