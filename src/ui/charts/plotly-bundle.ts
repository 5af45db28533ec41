/**
 * Plotly partial bundle: the core plus only the trace types the lab draws (scatter for lines and
 * markers, bar for the weight histogram, heatmap for the weight raster). Loaded lazily, so the
 * first paint does not wait for it.
 */
import './plotly-no-inline-styles'; // before Plotly: see there
import 'plotly.js/dist/plotly.css';
import Plotly from 'plotly.js/lib/core';
import bar from 'plotly.js/lib/bar';
import heatmap from 'plotly.js/lib/heatmap';
import scatter from 'plotly.js/lib/scatter';

Plotly.register([scatter, bar, heatmap]);

export default Plotly;
