/**
 * Plotly partial bundle: the core plus only the trace types the lab draws. Loaded lazily, so the
 * first paint does not wait for it.
 */
import Plotly from 'plotly.js/lib/core';
import scatter from 'plotly.js/lib/scatter';

Plotly.register([scatter]);

export default Plotly;
