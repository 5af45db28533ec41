import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/** Props of {@link Formula}. */
export interface FormulaProps {
  /**
   * LaTeX source. Must be a static constant from technique-notes.ts (or src/core); never pass
   * user, URL or engine input, since the rendered HTML is inserted as markup.
   */
  tex: string;
  /** Display style (its own centred block) instead of inline text style. Default false. */
  display?: boolean;
}

/**
 * One formula rendered by KaTeX to HTML plus MathML (screen readers read the MathML). Rendering
 * never throws: a malformed formula shows as red source text (`throwOnError: false`), and the unit
 * tests render every teaching formula with `throwOnError: true` so none is malformed.
 */
export function Formula({ tex, display = false }: FormulaProps) {
  const html = useMemo(
    () =>
      katex.renderToString(tex, {
        displayMode: display,
        throwOnError: false,
        trust: false,
        strict: 'ignore',
        output: 'htmlAndMathml',
      }),
    [tex, display],
  );
  // dangerouslySetInnerHTML is acceptable ONLY because `tex` is a static constant of this app
  // (technique-notes.ts), rendered with trust: false (no \href, \url, \includegraphics, \htmlX).
  // Never route user input, URL parameters or worker messages into this component.
  return <span className="teaching-formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
