import type { Page } from 'playwright-core';

/** A box on the page, in CSS pixels. */
interface Box {
  what: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Plotly's text boxes a reader must be able to read: axis titles, legends, annotations, titles. */
const TEXT_BOXES = '.g-xtitle, .g-x2title, .g-ytitle, .g-y2title, .legend, .annotation, .g-gtitle';

/**
 * Every pair of text boxes (axis titles, legends, annotations, titles) that overlap inside one
 * plot under `scope`, by more than a pixel each way; empty when none do. Each pair is named by
 * its plot's test id and the boxes' classes.
 */
export async function overlappingText(page: Page, scope: string): Promise<string[]> {
  const plots = await page.$$eval(
    `${scope} [data-testid][data-points]`,
    (elements, selector) =>
      elements.map((plot) => ({
        id: plot.getAttribute('data-testid') ?? '?',
        boxes: [...plot.querySelectorAll(selector)]
          .map((el) => {
            const r = el.getBoundingClientRect();
            const what = el.getAttribute('class') ?? el.tagName;
            return { what, x: r.x, y: r.y, width: r.width, height: r.height };
          })
          .filter((b) => b.width > 0 && b.height > 0),
      })),
    TEXT_BOXES,
  );
  return plots.flatMap(({ id, boxes }) => overlapsIn(boxes).map((pair) => `${id}: ${pair}`));
}

function overlapsIn(boxes: Box[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlap(boxes[i]!, boxes[j]!)) pairs.push(`${boxes[i]!.what} × ${boxes[j]!.what}`);
    }
  }
  return pairs;
}

const overlap = (a: Box, b: Box, slack = 1) =>
  a.x + a.width - slack > b.x &&
  b.x + b.width - slack > a.x &&
  a.y + a.height - slack > b.y &&
  b.y + b.height - slack > a.y;

/** The elements matching `selector` that reach outside the viewport, by their `data-*` name. */
export async function outsideViewport(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (elements) => {
    const { innerWidth: w, innerHeight: h } = window;
    return elements
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < 0 || r.top < 0 || r.right > w + 0.5 || r.bottom > h + 0.5;
      })
      .map((el) => el.getAttribute('data-plot') ?? el.tagName);
  });
}
