/**
 * The page's Content-Security-Policy blocks the inline <style> element Plotly writes its rules
 * into; they come from its stylesheet (plotly.css) instead. Plotly looks up
 * `#plotly.js-style-global` before adding a rule and skips it when that element has the class
 * `no-inline-styles` (its strict-CSP switch). Plotly adds rules while its modules load, so this
 * module is imported before Plotly.
 */
const MARKER_ID = 'plotly.js-style-global';

if (!document.getElementById(MARKER_ID)) {
  const marker = document.createElement('meta');
  marker.id = MARKER_ID;
  marker.className = 'no-inline-styles';
  document.head.appendChild(marker);
}
